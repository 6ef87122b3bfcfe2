"""Benchmarks of ``outsourcing`` against json.loads, msgspec and pydantic (``python -m benchmarks``)."""
