"""The rules: how rules are made (machinery), the index they read a contract by, the catalogue.

The catalogue's rules sit in one module per area of the contract; ``catalogue`` gathers them.
"""
