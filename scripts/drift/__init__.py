"""Upstream drift: how each vendor's published API has moved away from specs/.

    python -m scripts.drift --help      (make drift)

cli is the command; compare fetches and diffs one vendor, report renders the result, update
re-vendors what changed. spec_diff classes each change of an OpenAPI document for a client
(its rules and schema walk in spec_diff_rules and spec_diff_schemas).
"""
