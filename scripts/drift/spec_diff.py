"""Diff two OpenAPI documents into a list of changes, each classed for a client.

    diff_specs(old_doc, new_doc) -> [Change(rule_id, level, operation, detail, touches)]

A pure function of two plain-data documents (no I/O), so the drift report, its tests and anyone
else can use it. Rule ids and levels: spec_diff_rules.py. Schemas: spec_diff_schemas.py.
Paths are matched with their parameter names blanked (``/a/{id}`` is ``/a/{chatbotId}``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from scripts.drift._spec_diff_security import security_changes, server_changes
from scripts.drift.spec_diff_rules import Change, change
from scripts.drift.spec_diff_schemas import Direction, SchemaWalk, resolve

__all__ = ["METHODS", "Change", "change", "diff_specs", "operations_of", "path_key"]

JSON = Any
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAMETER = re.compile(r"\{[^}]*\}")
# A parameter's schema is walked like a request body; these are oasdiff's parameter ids.
_PARAMETER_RULES = {
    "request-body-type-changed": "request-parameter-type-changed",
    "request-property-became-enum": "request-parameter-became-enum",
    "request-property-enum-value-added": "request-parameter-enum-value-added",
    "request-property-enum-value-removed": "request-parameter-enum-value-removed",
}


def path_key(path: str) -> str:
    """The path with its parameter names blanked: what makes two templates the same path."""
    return _PATH_PARAMETER.sub("{}", path)


def operations_of(document: JSON) -> dict[str, tuple[str, str, dict[str, JSON]]]:
    """Every operation by ``"METHOD /path"`` (path key form) -> (path, method, path item)."""
    found = {}
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            if isinstance(item, dict) and method in item:
                found[f"{method.upper()} {path_key(path)}"] = (path, method, item)
    return found


def diff_specs(old: JSON, new: JSON, *, today: dt.date | None = None) -> list[Change]:
    """Return what changed from ``old`` to ``new``, in document order, without duplicates."""
    today = today or dt.date.today()
    found = list(_diff_operations(old, new, today))
    found += security_changes(old, new, operations_of)
    found += server_changes(old, new, operations_of)
    for name in (old.get("components") or {}).get("schemas") or {}:
        if name not in ((new.get("components") or {}).get("schemas") or {}):
            found.append(change("api-schema-removed", None, f"removed the schema `{name}`"))
    return list(dict.fromkeys(found))


def _diff_operations(old: JSON, new: JSON, today: dt.date) -> Iterator[Change]:
    old_ops, new_ops = operations_of(old), operations_of(new)
    new_paths = {path_key(path) for path in new.get("paths") or {}}
    for key, (path, method, item) in old_ops.items():
        name = f"{method.upper()} {path}"
        if key not in new_ops:
            yield _removal(item[method], name, path_key(path) not in new_paths, today)
            continue
        new_path, _, new_item = new_ops[key]
        pair = _OperationPair(old, new, name, (path, item, method), (new_path, new_item, method))
        yield from pair.changes()
    for key, (path, method, _) in new_ops.items():
        if key not in old_ops:
            yield change("endpoint-added", f"{method.upper()} {path}", "endpoint added")


def _removal(operation: JSON, name: str, whole_path: bool, today: dt.date) -> Change:
    """Name a removal the way oasdiff's api-removed check does."""
    prefix = "api-path-removed" if whole_path else "api-removed"
    if not operation.get("deprecated"):
        return change(f"{prefix}-without-deprecation", name, "removed without deprecation")
    sunset = operation.get("x-sunset")
    if sunset is None:
        return change(f"{prefix}-with-deprecation", name, "removed after deprecation")
    try:
        date = sunset if isinstance(sunset, dt.date) else dt.date.fromisoformat(str(sunset))
    except ValueError:
        return change("api-path-sunset-parse", name, f"x-sunset {sunset!r} is not a date")
    if today < date:
        return change(f"{prefix}-before-sunset", name, f"removed before its sunset {date}")
    return change(f"{prefix}-with-deprecation", name, f"removed after its sunset {date}")


class _OperationPair:
    """One operation in both documents: (path, path item, method) on each side."""

    def __init__(
        self,
        old_doc: JSON,
        new_doc: JSON,
        name: str,
        old: tuple[str, dict[str, JSON], str],
        new: tuple[str, dict[str, JSON], str],
    ) -> None:
        self.old_doc, self.new_doc, self.name = old_doc, new_doc, name
        self.old_path, self.old_item, method = old
        self.new_path, self.new_item, _ = new
        self.old, self.new = self.old_item[method], self.new_item[method]

    def changes(self) -> Iterator[Change]:
        yield from self._flags()
        yield from self._parameters()
        yield from self._request_body()
        yield from self._responses()

    def _flags(self) -> Iterator[Change]:
        was, now = bool(self.old.get("deprecated")), bool(self.new.get("deprecated"))
        if now and not was:
            yield change("endpoint-deprecated", self.name, "endpoint deprecated")
        if was and not now:
            yield change("endpoint-reactivated", self.name, "endpoint reactivated")
        old_id, new_id = self.old.get("operationId"), self.new.get("operationId")
        if old_id and old_id != new_id:
            yield change("api-operation-id-removed", self.name, f"operationId {old_id!r} removed")
        if new_id and new_id != old_id:
            yield change("api-operation-id-added", self.name, f"operationId {new_id!r} added")

    def _parameters(self) -> Iterator[Change]:
        old = _parameters(self.old_doc, self.old_path, self.old_item, self.old)
        new = _parameters(self.new_doc, self.new_path, self.new_item, self.new)
        for key, param in new.items():
            if key not in old:
                yield self._parameter_added(param)
        for key, param in old.items():
            label = f"{param.get('in')} parameter `{param.get('name')}`"
            if key not in new:
                yield change("request-parameter-removed", self.name, f"removed the {label}")
                continue
            yield from self._parameter_changed(label, param, new[key])

    def _parameter_added(self, param: dict[str, JSON]) -> Change:
        label = f"{param.get('in')} parameter `{param.get('name')}`"
        if param.get("in") == "path":
            return change("new-request-path-parameter", self.name, f"added the {label}")
        if param.get("required"):
            return change(
                "new-required-request-parameter", self.name, f"added the required {label}"
            )
        return change("new-optional-request-parameter", self.name, f"added the optional {label}")

    def _parameter_changed(
        self, label: str, old: dict[str, JSON], new: dict[str, JSON]
    ) -> Iterator[Change]:
        if bool(new.get("required")) != bool(old.get("required")):
            became = "required" if new.get("required") else "optional"
            yield change(f"request-parameter-became-{became}", self.name, f"{label} is {became}")
        if bool(new.get("deprecated")) != bool(old.get("deprecated")):
            rule = "deprecated" if new.get("deprecated") else "reactivated"
            yield change(f"request-parameter-{rule}", self.name, f"{label} {rule}")
        walk = SchemaWalk(self.old_doc, self.new_doc, "request")
        for rule, detail in walk.diff(old.get("schema") or {}, new.get("schema") or {}):
            detail = detail.replace("the body", label)
            yield change(_PARAMETER_RULES.get(rule, rule), self.name, detail)

    def _request_body(self) -> Iterator[Change]:
        old_body, new_body = self.old.get("requestBody"), self.new.get("requestBody")
        if not new_body:
            return  # oasdiff has no rule for a dropped body: nobody is refused for sending one
        new = resolve(self.new_doc, new_body)[0]
        required = bool(new.get("required"))
        if not old_body:
            rule = "request-body-added-required" if required else "request-body-added-optional"
            yield change(rule, self.name, "added a request body")
            return
        old = resolve(self.old_doc, old_body)[0]
        if required != bool(old.get("required")):
            became = "required" if required else "optional"
            yield change(f"request-body-became-{became}", self.name, f"request body is {became}")
        yield from self._content(old, new, "request", "the request body")

    def _responses(self) -> Iterator[Change]:
        old, new = self.old.get("responses") or {}, self.new.get("responses") or {}
        for status in [s for s in old if s not in new]:
            kind = "success" if str(status).startswith("2") else "non-success"
            yield change(f"response-{kind}-status-removed", self.name, f"removed status {status}")
        for status in [s for s in new if s not in old]:
            kind = "success" if str(status).startswith("2") else "non-success"
            yield change(f"response-{kind}-status-added", self.name, f"added status {status}")
        for status in [s for s in old if s in new]:
            before = resolve(self.old_doc, old[status])[0]
            after = resolve(self.new_doc, new[status])[0]
            yield from self._content(before, after, "response", f"the {status} response")

    def _content(
        self, old: dict[str, JSON], new: dict[str, JSON], direction: Direction, where: str
    ) -> Iterator[Change]:
        """Diff each media type's schema; one change per finding, naming its media types."""
        old_media, new_media = old.get("content") or {}, new.get("content") or {}
        for media in [m for m in old_media if m not in new_media]:
            yield change(
                f"{direction}-{_media_noun(direction)}-removed",
                self.name,
                f"{media} removed from {where}",
            )
        for media in [m for m in new_media if m not in old_media]:
            yield change(
                f"{direction}-{_media_noun(direction)}-added",
                self.name,
                f"{media} added to {where}",
            )
        findings: dict[tuple[str, str], list[str]] = {}
        walk = SchemaWalk(self.old_doc, self.new_doc, direction)
        for media in [m for m in old_media if m in new_media]:
            before, after = old_media[media] or {}, new_media[media] or {}
            for finding in walk.diff(before.get("schema") or {}, after.get("schema") or {}):
                findings.setdefault(finding, []).append(media)
        for (rule, detail), media_types in findings.items():
            yield change(rule, self.name, f"{detail} in {where} ({', '.join(media_types)})")


def _media_noun(direction: str) -> str:
    return "body-media-type" if direction == "request" else "media-type"


def _parameters(
    document: JSON, path: str, item: dict[str, JSON], operation: dict[str, JSON]
) -> dict[tuple[str, str], dict[str, JSON]]:
    """The operation's parameters (its own override its path item's), by (in, name).

    A path parameter is keyed by its position in the template, so renaming ``{id}`` to
    ``{chatbotId}`` is no change."""
    names = [match.group(0)[1:-1] for match in _PATH_PARAMETER.finditer(path)]
    found: dict[tuple[str, str], dict[str, JSON]] = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        param = resolve(document, raw)[0]
        where, name = str(param.get("in")), str(param.get("name"))
        if where == "path" and name in names:
            name = f"#{names.index(name)}"
        found[(where, name)] = param
    return found
