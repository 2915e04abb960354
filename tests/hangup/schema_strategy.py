"""Generate JSON that fits a (ref-free) JSON Schema: the subset the vendors' response schemas use.

hypothesis-jsonschema 0.23.1, the maintained tool for this, fails with this project's
hypothesis (it reaches into hypothesis internals that have since changed), so this is the
small generator the specs need: object, array, string (with enum), integer, number, boolean,
oneOf / anyOf, and the empty schema (any JSON).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

ANY_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for values valid under `schema`."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema:
            return st.one_of([from_schema(option) for option in schema[combinator]])
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return _object(schema)
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {})), max_size=3)
    simple = {
        "string": st.text(max_size=12),
        "integer": st.integers(-1000, 100_000),
        "number": st.floats(allow_nan=False, allow_infinity=False),
        "boolean": st.booleans(),
        "null": st.none(),
    }
    return simple[kind] if isinstance(kind, str) else ANY_JSON


def _object(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = [name for name in schema.get("required", []) if name in properties]
    optional = [name for name in properties if name not in required]
    return st.fixed_dictionaries(
        {name: from_schema(properties[name]) for name in required},
        optional={name: from_schema(properties[name]) for name in optional},
    )
