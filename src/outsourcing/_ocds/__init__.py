"""Open Contracting Data Standard (OCDS) in and out; the public face is :mod:`outsourcing.ocds`."""
