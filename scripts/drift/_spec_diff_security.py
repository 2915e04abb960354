"""Diff what a client must send and where: security schemes, requirements and servers.

A security requirement list is a set of alternatives (OR); each alternative is a set of
schemes (AND). Removing an alternative breaks the clients using it; adding one breaks nobody,
unless the API used to need no credential at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from scripts.drift.spec_diff_rules import BREAKING, NON_BREAKING, Change, change
from scripts.drift.spec_diff_schemas import resolve

JSON = Any
Operations = Callable[[JSON], dict[str, tuple[str, str, dict[str, JSON]]]]
Alternatives = frozenset[frozenset[str]]
# What a client's request is built from; a change to `description` breaks nobody.
_SCHEME_FIELDS = ("in", "name", "scheme", "bearerFormat", "openIdConnectUrl", "flows")


def security_changes(old: JSON, new: JSON, operations_of: Operations) -> list[Change]:
    """Changes to security schemes, the document's requirements and each operation's."""
    found = list(_scheme_changes(old, new, operations_of))
    inheriting = [name for name, op in _ops(old, operations_of) if "security" not in op]
    found += _requirement_changes(
        _alternatives(old.get("security")),
        _alternatives(new.get("security")),
        None,
        inheriting,
        "api-global-security",
    )
    new_ops = dict(_keyed_ops(new, operations_of))
    for key, (name, op) in _keyed_ops(old, operations_of):
        if key in new_ops and ("security" in op or "security" in new_ops[key][1]):
            found += _requirement_changes(
                _effective(old, op), _effective(new, new_ops[key][1]), name, (), "api-security"
            )
    return found


def server_changes(old: JSON, new: JSON, operations_of: Operations) -> list[Change]:
    """Base URLs removed or added, document-wide and per operation."""
    inheriting = [name for name, op in _ops(old, operations_of) if "servers" not in op]
    found = _server_diff(old.get("servers"), new.get("servers"), None, inheriting)
    new_ops = dict(_keyed_ops(new, operations_of))
    for key, (name, op) in _keyed_ops(old, operations_of):
        if key in new_ops and ("servers" in op or "servers" in new_ops[key][1]):
            found += _server_diff(op.get("servers"), new_ops[key][1].get("servers"), name, ())
    return found


def _scheme_changes(old: JSON, new: JSON, operations_of: Operations) -> Iterator[Change]:
    old_schemes, new_schemes = _schemes(old), _schemes(new)
    users = _scheme_users(old, operations_of)
    for name, scheme in old_schemes.items():
        touches = users.get(name, [])
        if name not in new_schemes:
            detail = f"removed the security scheme `{name}`"
            yield change("api-security-component-removed", None, detail, touches)
            continue
        after = new_schemes[name]
        if scheme.get("type") != after.get("type"):
            detail = f"`{name}` type changed from {scheme.get('type')} to {after.get('type')}"
            yield change("api-security-component-type-changed", None, detail, touches)
            continue
        moved = [f for f in _SCHEME_FIELDS if scheme.get(f) != after.get(f)]
        if moved:
            detail = f"`{name}` changed: " + ", ".join(
                f"{f} {scheme.get(f)!r} -> {after.get(f)!r}" for f in moved
            )
            yield change("hangup-security-component-changed", None, detail, touches)
    for name in [n for n in new_schemes if n not in old_schemes]:
        yield change("api-security-component-added", None, f"added the security scheme `{name}`")


def _requirement_changes(
    old: Alternatives,
    new: Alternatives,
    operation: str | None,
    touches: list[str] | tuple[()],
    prefix: str,
) -> list[Change]:
    found = []
    for alternative in sorted(old - new, key=sorted):
        level = NON_BREAKING if _anonymous(new) else BREAKING
        detail = f"removed the security requirement {_text(alternative)}"
        found.append(change(f"{prefix}-removed", operation, detail, touches, level))
    for alternative in sorted(new - old, key=sorted):
        level = BREAKING if _anonymous(old) and not _anonymous(new) else NON_BREAKING
        detail = f"added the security requirement {_text(alternative)}"
        found.append(change(f"{prefix}-added", operation, detail, touches, level))
    return found


def _server_diff(
    old: JSON, new: JSON, operation: str | None, touches: list[str] | tuple[()]
) -> list[Change]:
    old_urls = [s.get("url") for s in old or [] if isinstance(s, dict)]
    new_urls = [s.get("url") for s in new or [] if isinstance(s, dict)]
    found = [
        change("hangup-server-removed", operation, f"removed the server {url}", touches)
        for url in old_urls
        if url not in new_urls
    ]
    found += [
        change("hangup-server-added", operation, f"added the server {url}", touches)
        for url in new_urls
        if url not in old_urls
    ]
    return found


def _schemes(document: JSON) -> dict[str, dict[str, JSON]]:
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    return {name: resolve(document, scheme)[0] for name, scheme in schemes.items()}


def _scheme_users(document: JSON, operations_of: Operations) -> dict[str, list[str]]:
    users: dict[str, list[str]] = {}
    for name, op in _ops(document, operations_of):
        for scheme in sorted({s for alt in _effective(document, op) for s in alt}):
            users.setdefault(scheme, []).append(name)
    return users


def _ops(document: JSON, operations_of: Operations) -> list[tuple[str, dict[str, JSON]]]:
    return [pair for _, pair in _keyed_ops(document, operations_of)]


def _keyed_ops(
    document: JSON, operations_of: Operations
) -> list[tuple[str, tuple[str, dict[str, JSON]]]]:
    return [
        (key, (f"{method.upper()} {path}", item[method]))
        for key, (path, method, item) in operations_of(document).items()
    ]


def _effective(document: JSON, operation: dict[str, JSON]) -> Alternatives:
    return _alternatives(operation.get("security", document.get("security")))


def _alternatives(requirements: JSON) -> Alternatives:
    return frozenset(frozenset(r) for r in requirements or [] if isinstance(r, dict))


def _anonymous(alternatives: Alternatives) -> bool:
    return not alternatives or frozenset() in alternatives


def _text(alternative: frozenset[str]) -> str:
    return " + ".join(f"`{name}`" for name in sorted(alternative)) or "{} (anonymous)"
