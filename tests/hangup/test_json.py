"""hangup._json reads every answer as json.loads does, and writes every body as httpx does."""

from __future__ import annotations

import codecs
import json
import math
import re
from typing import Any

import httpx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hangup._json import dumps, loads

_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)

_ODD_ANSWERS = [
    b'{"status":"success"}',
    b'  {"status": "success"}\r\n',  # space around the value
    b'{"a":1} {"b":2}',  # more after the value
    b'{"a":1}\x1c',  # space to str.isspace(), not to JSON
    codecs.BOM_UTF8 + b'{"a":1}',
    '{"ü":"☃"}'.encode(),
    '{"a":"ü"}'.encode("utf-16"),
    '{"a":"ü"}'.encode("utf-16-le"),  # no BOM: found by json.loads from the zero bytes
    "[1, 2]".encode("utf-32-be"),
    b"1\x00",
    b'"\xed\xa0\x80"',  # an encoded surrogate: json.loads reads it (surrogatepass)
    b'"\xff"',
    b'{"a": NaN, "b": -Infinity}',
    b'"\x01"',  # a control character inside a string
    b"",
    b"   ",
    b"{",
    b"nul",
    b"[" * 50 + b"]" * 50,
]


def _outcome(read: Any, content: bytes) -> tuple[str, object]:
    try:
        value = read(content)
    except Exception as error:  # the same type and message as json.loads raises
        return type(error).__name__, str(error)
    return "value", value


@pytest.mark.parametrize("content", _ODD_ANSWERS)
def test_an_answer_reads_as_json_loads_reads_it(content: bytes) -> None:
    mine, theirs = _outcome(loads, content), _outcome(json.loads, content)
    if mine[0] == "value" and isinstance(mine[1], float) and math.isnan(mine[1]):
        assert math.isnan(theirs[1])  # type: ignore[arg-type]
    else:
        assert mine == theirs


def test_nesting_too_deep_to_read_raises_recursion_error_as_json_loads_does() -> None:
    content = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(RecursionError):
        json.loads(content)
    with pytest.raises(RecursionError):
        loads(content)


@given(_VALUES)
def test_any_value_reads_back_as_json_loads_reads_it(value: object) -> None:
    for content in (json.dumps(value).encode(), dumps(value)):
        assert _outcome(loads, content) == _outcome(json.loads, content)


@given(_VALUES)
def test_a_body_is_the_bytes_httpx_sends_for_json(value: object) -> None:
    assume(value is not None)  # json=None is no body at all to httpx
    assert dumps(value) == httpx.Request("POST", "http://x", json=value).content


@pytest.mark.parametrize("value", [math.nan, {"a": math.inf}, {"a": object()}, {1j: 1}])
def test_a_body_json_cannot_carry_raises_as_json_dumps_does(value: object) -> None:
    with pytest.raises((ValueError, TypeError)) as theirs:
        json.dumps(value, allow_nan=False)
    with pytest.raises(theirs.type, match="^" + re.escape(str(theirs.value)[:20])):
        dumps(value)


def test_a_circular_body_is_refused_every_time_and_a_good_one_after_it_still_encodes() -> None:
    loop: dict[str, object] = {"session_id": "s"}
    loop["self"] = loop
    for _ in range(2):  # the refusal leaves no trace that could refuse the next body
        with pytest.raises(ValueError, match="Circular reference"):
            dumps(loop)
    assert dumps({"session_id": "s"}) == b'{"session_id":"s"}'


def test_a_body_nested_too_deep_to_encode_raises_recursion_error_as_json_dumps_does() -> None:
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(RecursionError):
        json.dumps(deep)
    with pytest.raises(RecursionError):
        dumps(deep)
    assert dumps([[["s"]]]) == b'[[["s"]]]'  # and the encoder still serves the next body
