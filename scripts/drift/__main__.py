"""python -m scripts.drift: the same as python -m scripts.drift.cli."""

from scripts.drift.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
