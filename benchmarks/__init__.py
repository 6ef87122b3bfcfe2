"""Benchmarks of ``outsourcing`` against json, msgspec and pydantic: ``python -m benchmarks``."""
