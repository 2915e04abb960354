"""python -m scripts.bench: the same as python -m scripts.bench.cli."""

from scripts.bench.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
