"""``python -m outsourcing``: the ``outsourcing`` command."""

from outsourcing._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
