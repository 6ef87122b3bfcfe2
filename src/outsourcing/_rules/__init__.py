"""The rules: how rules are made, the index they read a contract through, and the catalogue."""
