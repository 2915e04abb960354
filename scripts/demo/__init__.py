"""The demo: the real `hangup` command against local mock vendors, then a table of what happened.

python -m scripts.demo --help       (make demo)
"""
