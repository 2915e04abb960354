"""Compare two versions of one schema as a client sees it: properties, types, enums.

A request schema and a response schema break a client in opposite ways (a new required request
property breaks it, a new required response property does not), so every walk knows its
direction. ``$ref`` is resolved through each side's own document; a cycle stops the walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

Direction = Literal["request", "response"]
Finding = tuple[str, str]  # (oasdiff rule id, detail)
JSON = Any


class UnresolvableRef(ValueError):
    """A ``$ref`` points outside the document or at nothing."""


def resolve(document: JSON, node: JSON) -> tuple[dict[str, JSON], str | None]:
    """Follow ``node``'s ``$ref`` chain in ``document``; return the target and the last ref."""
    ref = None
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            raise UnresolvableRef(f"$ref {ref!r} refers to itself")
        seen.add(ref)
        # OpenAPI 3.1 allows keywords beside $ref (a default, a description): keep them.
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        node = {**_pointer(document, ref), **siblings}
    return (node if isinstance(node, dict) else {}), ref


def _pointer(document: JSON, ref: str) -> JSON:
    if not ref.startswith("#/"):
        raise UnresolvableRef(f"$ref {ref!r} is not a local reference (#/...)")
    node = document
    for token in ref[2:].split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or key not in node:
            raise UnresolvableRef(f"$ref {ref!r} points at nothing")
        node = node[key]
    return node


class SchemaWalk:
    """Diff one schema pair of one operation, in one direction."""

    def __init__(self, old_doc: JSON, new_doc: JSON, direction: Direction) -> None:
        self.old_doc = old_doc
        self.new_doc = new_doc
        self.direction = direction

    def diff(self, old: JSON, new: JSON, where: str = "") -> Iterator[Finding]:
        """Yield every finding between ``old`` and ``new``; ``where`` is the property path."""
        yield from self._walk(old, new, where, frozenset())

    def _walk(
        self, old: JSON, new: JSON, where: str, seen: frozenset[tuple[str | None, str | None]]
    ) -> Iterator[Finding]:
        old_schema, old_ref = resolve(self.old_doc, old)
        new_schema, new_ref = resolve(self.new_doc, new)
        if (old_ref or new_ref) and (old_ref, new_ref) in seen:
            return  # a recursive schema: this pair is already being compared further up
        seen = seen | {(old_ref, new_ref)}
        old_schema = self._flatten(old_schema, self.old_doc)
        new_schema = self._flatten(new_schema, self.new_doc)
        retyped = list(self._types(old_schema, new_schema, where))
        yield from retyped
        if any(rule.endswith("-type-changed") for rule, _ in retyped):
            return  # what lay inside the old type says nothing about the new one
        yield from self._enums(old_schema, new_schema, where)
        yield from self._composition(old_schema, new_schema, where, seen)
        yield from self._properties(old_schema, new_schema, where, seen)
        if "items" in old_schema and "items" in new_schema:
            yield from self._walk(old_schema["items"], new_schema["items"], f"{where}[]", seen)

    def _flatten(self, schema: dict[str, JSON], document: JSON) -> dict[str, JSON]:
        """Fold ``allOf`` members into one schema: a client sees their union."""
        if "allOf" not in schema:
            return schema
        merged = {key: value for key, value in schema.items() if key != "allOf"}
        properties = dict(merged.get("properties") or {})
        required = list(merged.get("required") or [])
        for member in schema["allOf"]:
            part = self._flatten(resolve(document, member)[0], document)
            properties.update(part.get("properties") or {})
            required += [name for name in part.get("required") or [] if name not in required]
            for key in ("type", "format", "enum"):
                if key in part:
                    merged.setdefault(key, part[key])
        return {**merged, "properties": properties, "required": required}

    def _subject(self, where: str) -> str:
        """The noun oasdiff's rule ids use here: request-body, response-property, ..."""
        return f"{self.direction}-{'property' if where else 'body'}"

    def _label(self, where: str) -> str:
        return f"`{where}`" if where else "the body"

    def _types(self, old: dict[str, JSON], new: dict[str, JSON], where: str) -> Iterator[Finding]:
        old_types, new_types = _types(old), _types(new)
        if not old_types or not new_types:
            return  # "any" on one side: nothing a client can rely on changed
        if old_types == new_types and old.get("format") == new.get("format"):
            return
        if new_types == old_types | {"null"} and old.get("format") == new.get("format"):
            if self.direction == "response" and where:
                yield "response-property-became-nullable", f"{self._label(where)} became nullable"
            elif self.direction == "request" and where:
                yield "request-property-became-nullable", f"{self._label(where)} became nullable"
            return
        if old_types == new_types | {"null"} and self.direction == "request" and where:
            yield (
                "request-property-became-not-nullable",
                f"{self._label(where)} became not nullable",
            )
            return
        yield (
            f"{self._subject(where)}-type-changed",
            f"the type/format of {self._label(where)} changed from "
            f"{_type_text(old_types, old)} to {_type_text(new_types, new)}",
        )

    def _enums(self, old: dict[str, JSON], new: dict[str, JSON], where: str) -> Iterator[Finding]:
        old_values, new_values = old.get("enum"), new.get("enum")
        if new_values is None:
            return
        prefix = f"{self.direction}-property"
        if old_values is None:
            if self.direction == "request":
                yield f"{prefix}-became-enum", f"{self._label(where)} became an enum"
            return
        for value in [v for v in new_values if v not in old_values]:
            yield (
                f"{prefix}-enum-value-added",
                f"added enum value {value!r} to {self._label(where)}",
            )
        for value in [v for v in old_values if v not in new_values]:
            yield (
                f"{prefix}-enum-value-removed",
                f"removed enum value {value!r} from {self._label(where)}",
            )

    def _composition(
        self,
        old: dict[str, JSON],
        new: dict[str, JSON],
        where: str,
        seen: frozenset[tuple[str | None, str | None]],
    ) -> Iterator[Finding]:
        for keyword, noun in (("oneOf", "one-of"), ("anyOf", "any-of")):
            old_members, new_members = old.get(keyword) or [], new.get(keyword) or []
            if len(old_members) == len(new_members):
                for index, (before, after) in enumerate(zip(old_members, new_members, strict=True)):
                    yield from self._walk(before, after, f"{where}<{keyword}[{index}]>", seen)
                continue
            verb = "added" if len(new_members) > len(old_members) else "removed"
            yield (
                f"{self._subject(where)}-{noun}-{verb}",
                f"{keyword} of {self._label(where)} went from {len(old_members)} to "
                f"{len(new_members)} schemas",
            )

    def _properties(
        self,
        old: dict[str, JSON],
        new: dict[str, JSON],
        where: str,
        seen: frozenset[tuple[str | None, str | None]],
    ) -> Iterator[Finding]:
        old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
        old_required, new_required = set(old.get("required") or []), set(new.get("required") or [])
        for name in [n for n in new_props if n not in old_props]:
            yield self._added(f"{where}.{name}" if where else name, name in new_required)
        for name in [n for n in old_props if n not in new_props]:
            yield self._removed(f"{where}.{name}" if where else name, name in old_required)
        for name in [n for n in old_props if n in new_props]:
            path = f"{where}.{name}" if where else name
            was, now = name in old_required, name in new_required
            if was != now:
                yield self._required_changed(path, now)
            yield from self._walk(old_props[name], new_props[name], path, seen)

    def _added(self, path: str, required: bool) -> Finding:
        if self.direction == "request":
            rule = "new-required-request-property" if required else "new-optional-request-property"
            return rule, f"added the {'required' if required else 'optional'} property `{path}`"
        kind = "required" if required else "optional"
        return f"response-{kind}-property-added", f"added the {kind} property `{path}`"

    def _removed(self, path: str, required: bool) -> Finding:
        if self.direction == "request":
            return "request-property-removed", f"removed the property `{path}`"
        kind = "required" if required else "optional"
        return f"response-{kind}-property-removed", f"removed the {kind} property `{path}`"

    def _required_changed(self, path: str, required: bool) -> Finding:
        became = "required" if required else "optional"
        return f"{self.direction}-property-became-{became}", f"`{path}` became {became}"


def _types(schema: dict[str, JSON]) -> frozenset[str]:
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or [])
    if schema.get("nullable") is True:  # OpenAPI 3.0's way to say "or null"
        types.add("null")
    return frozenset(types)


def _type_text(types: frozenset[str], schema: dict[str, JSON]) -> str:
    text = "|".join(sorted(types))
    return f"{text}/{schema['format']}" if "format" in schema else text
