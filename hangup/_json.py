"""JSON to and from the wire: json.loads' values and errors, httpx's bytes, less set-up per call.

`json.loads(bytes)` guesses the encoding and runs two whitespace regexes around the C scanner;
`json.dumps` with options builds a JSONEncoder and its C encoder on every call. On an end
those were three quarters of the time spent on JSON (README, Benchmarks). Here an answer in
plain UTF-8 with nothing around its value goes to the C scanner directly, and anything else
to json.loads itself, so every answer reads exactly as json.loads reads it; a body is encoded
by the C encoder with the options httpx uses for `json=`, so the bytes are the same.
"""

from __future__ import annotations

import json
from _json import encode_basestring, make_encoder, make_scanner  # CPython's C accelerator
from collections.abc import Callable
from typing import Any, cast

__all__ = ["dumps", "loads"]

# json.loads' own scanner (its defaults): it forgets each value's strings once it is read
_SCAN: Callable[[str, int], tuple[Any, int]] = make_scanner(cast(Any, json.JSONDecoder()))
_DEFAULT = json.JSONEncoder().default  # what json.dumps does with a value it cannot encode
# httpx's options for `json=`, with no circular-reference memo: that memo is the encoder's only
# state, and an error could leave it dirty, so without it one encoder serves every call. A
# circular body then recurses until RecursionError, and dumps() asks json.dumps for its error.
_ENCODE = make_encoder(None, _DEFAULT, encode_basestring, None, ":", ",", False, False, False)


def loads(content: bytes) -> Any:
    """`json.loads(content)`: the same value, or the same error."""
    try:
        text = content.decode()
        value, end = _SCAN(text, 0)
    except (ValueError, StopIteration):  # not UTF-8, space before the value, not JSON...
        return json.loads(content)  # which reads UTF-16/32 and a BOM, or raises the error
    if end != len(text):  # space, or more, after the value
        return json.loads(content)
    return value


def dumps(body: object) -> bytes:
    """What httpx sends for `json=body`: compact UTF-8 that refuses NaN and circular values."""
    try:
        return "".join(_ENCODE(body, 0)).encode()
    except RecursionError:  # circular, or nested deeper than Python can walk
        # json.dumps' own outcome: ValueError "Circular reference detected", or RecursionError
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
