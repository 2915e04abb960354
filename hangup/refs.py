"""Name any vendor's session in one line of text, and check it before any request leaves.

    vectorshift:<chatbot_id>/<pipeline_run_id>
    pathors:<project_id>/<session_id>
    liveavatar:<session_uuid>
    hamsa:<conversation_uuid>

A part containing `/`, `:` or `%` is percent-encoded in the text form, so
`SessionRef.parse(str(ref)) == ref` for every ref. Parts are refused when they could change
the request path or a header (".", "..", control characters such as CR/LF), when they are
empty or padded with whitespace, and, for LiveAvatar and Hamsa, when they are not UUIDs.
What is left is percent-encoded into the path by the generated clients (`quote(..., safe="")`).
No I/O here.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote

import attrs

from hangup import _registry
from hangup._registry import Vendor
from hangup.errors import InvalidSessionRef

__all__ = ["SessionRef", "check_path_part"]

# Patterns, not compiled objects: re compiles each on first use (and caches it), so that
# `import hangup` does not pay for them.
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_BAD_ESCAPE = r"%(?![0-9A-Fa-f]{2})"


@attrs.frozen(kw_only=True)
class SessionRef:
    """Name one session of one vendor; build it with `SessionRef.parse(text)` or by fields.

    `scope` is the part before the session id for vendors that have one (VectorShift's
    chatbot id, Pathors' project id) and None for the others.
    """

    vendor: str
    scope: str | None = None
    session_id: str

    def __attrs_post_init__(self) -> None:
        vendor, scope, session_id = self.vendor, self.scope, self.session_id
        if not isinstance(vendor, str):
            raise InvalidSessionRef(f"vendor must be text, got {type(vendor).__name__}")
        entry = _entry(vendor)
        shape = entry.ref_shape
        names = shape.parts
        if (scope is None) != (len(names) == 1):
            raise InvalidSessionRef(
                f"a {vendor} ref has {len(names)} part(s): {entry.example()}", vendor=vendor
            )
        if scope is not None:
            _check_part(entry, names[0], scope)
        _check_part(entry, names[-1], session_id)
        if shape.uuid and not _uuid_pattern().fullmatch(session_id):
            raise InvalidSessionRef(
                f"{vendor} {names[-1]} {session_id!r} is not a UUID "
                "(like 849e77c6-5cb3-479a-a985-7fab630e2c78)",
                vendor=vendor,
            )

    @classmethod
    def parse(cls, text: str) -> SessionRef:
        """Read the text form, e.g. `pathors:proj_1/sess_9`; raise InvalidSessionRef if bad."""
        if not isinstance(text, str):
            raise InvalidSessionRef(
                f"a session ref is text like 'hamsa:<conversation_uuid>', got {type(text).__name__}"
            )
        vendor, colon, rest = text.partition(":")
        if not colon:
            raise InvalidSessionRef(
                f"{text!r} names no vendor: write <vendor>:<id>, e.g. hamsa:<conversation_uuid>"
            )
        entry = _entry(vendor, text)
        pieces = rest.split("/")
        if len(pieces) != len(entry.ref_shape.parts):
            raise InvalidSessionRef(
                f"{text!r} is not a {vendor} ref: write {entry.example()} "
                "(percent-encode '/' inside a part as %2F)",
                vendor=vendor,
            )
        if "%" in rest:  # else nothing to decode: the common case
            pieces = _decoded(entry, pieces)
        if len(pieces) == 1:
            return cls(vendor=vendor, session_id=pieces[0])
        return cls(vendor=vendor, scope=pieces[0], session_id=pieces[1])

    @classmethod
    def of(cls, value: SessionRef | str) -> SessionRef:
        """Return `value` if it is a SessionRef, else parse it as text."""
        return value if isinstance(value, SessionRef) else cls.parse(value)

    @property
    def parts(self) -> tuple[str, ...]:
        """The decoded parts in text order: (scope, session_id) or (session_id,)."""
        return (self.session_id,) if self.scope is None else (self.scope, self.session_id)

    def __str__(self) -> str:
        session = _encode(self.session_id)
        if self.scope is None:
            return f"{self.vendor}:{session}"
        return f"{self.vendor}:{_encode(self.scope)}/{session}"


def check_path_part(vendor: str, name: str, value: object) -> str:
    """Return `value` if it may go into a request path as one id; else raise InvalidSessionRef.

    For ids that reach a path without being a SessionRef (a chatbot id, a project id).
    """
    _check_part(_entry(vendor, vendor), name, value)
    return str(value)


def _entry(vendor: str, text: str | None = None) -> Vendor:
    """The registry's entry for `vendor`; else raise, quoting `text` (default `<vendor>:...`)."""
    entry = _registry.vendor(vendor)
    if entry is None:
        known = ", ".join(_registry.names())
        quoted = f"{vendor}:..." if text is None else text
        raise InvalidSessionRef(
            f"{quoted!r} names an unknown vendor {vendor!r}: use one of {known}"
        )
    return entry


def _check_part(entry: Vendor, name: str, value: object) -> None:
    """Refuse a part that is empty, not text, or could change the request path or headers."""
    ok = isinstance(value, str) and value.isprintable() and value == value.strip()
    if ok and value and value not in (".", ".."):
        return  # the common case, on every end() call: no message is built for it
    what = f"{entry.name} {name}"
    if not isinstance(value, str):
        raise InvalidSessionRef(f"{what} must be text, got {type(value).__name__}")
    if not value:
        raise InvalidSessionRef(f"{what} is empty: write {entry.example()}", vendor=entry.name)
    if value in (".", ".."):
        raise InvalidSessionRef(f"{what} cannot be {value!r}: it would change the request path")
    if not value.isprintable():
        raise InvalidSessionRef(
            f"{what} {value!r} contains a control character (CR, LF, tab…)", vendor=entry.name
        )
    raise InvalidSessionRef(
        f"{what} {value!r} has leading or trailing whitespace", vendor=entry.name
    )


def _decoded(entry: Vendor, pieces: list[str]) -> list[str]:
    # Its own function: a comprehension in parse() would make `entry` a cell on every parse
    named = zip(entry.ref_shape.parts, pieces, strict=True)
    return [_decode(entry, name, piece) for name, piece in named]


def _decode(entry: Vendor, name: str, piece: str) -> str:
    if "%" not in piece:
        return piece
    if re.search(_BAD_ESCAPE, piece):
        raise InvalidSessionRef(
            f"{entry.name} {name} {piece!r} has a '%' that is not a %XX escape "
            "(write a literal '%' as %25)",
            vendor=entry.name,
        )
    try:
        return unquote(piece, errors="strict")
    except UnicodeDecodeError:
        raise InvalidSessionRef(
            f"{entry.name} {name} {piece!r} percent-decodes to bytes that are not UTF-8",
            vendor=entry.name,
        ) from None


@functools.cache
def _uuid_pattern() -> re.Pattern[str]:
    """The UUID pattern, compiled on first use (not at import) and then looked up directly."""
    return re.compile(_UUID)


def _encode(part: str) -> str:
    return part.replace("%", "%25").replace("/", "%2F").replace(":", "%3A")
