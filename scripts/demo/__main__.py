"""python -m scripts.demo: the same as python -m scripts.demo.cli."""

from scripts.demo.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
