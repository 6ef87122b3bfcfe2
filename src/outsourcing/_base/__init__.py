"""The bottom layer: what every other layer may use, and that knows no domain object."""
