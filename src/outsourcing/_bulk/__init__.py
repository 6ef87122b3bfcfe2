"""Validating many documents: across processes on one machine, or per partition on an engine.

This layer sits above :mod:`outsourcing.json` (it loads text) and the rules (it validates).
"""
