"""Benchmarks: what hangup costs over bare httpx, each figure a ratio to a same-run baseline.

    python -m scripts.bench --help      (make bench)

cli names and runs the benchmarks; each other public module holds one or two of them.
"""
