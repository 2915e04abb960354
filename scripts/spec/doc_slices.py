"""Cut the OpenAPI slice out of a vendor's documentation page, byte for byte.

The vendors' API pages (Mintlify) embed the OpenAPI document they render inside a
four-backtick ``yaml`` fence. What sits between the fence lines is the vendor's own
text: we vendor exactly those bytes, so that a later fetch of the same page can be
compared with what we hold.
"""

from __future__ import annotations

import re

_FENCE_OPEN = re.compile(rb"^````ya?ml[^\n]*\n", re.MULTILINE)
_FENCE_CLOSE = re.compile(rb"^````", re.MULTILINE)


class NoOpenAPISlice(ValueError):
    """The page has no fenced OpenAPI document in it."""


def extract_openapi_slice(page: bytes) -> bytes:
    """Return the bytes of the first fenced YAML OpenAPI document in ``page``."""
    opening = _FENCE_OPEN.search(page)
    if opening is None:
        raise NoOpenAPISlice("no ````yaml fence found on the page")
    closing = _FENCE_CLOSE.search(page, opening.end())
    if closing is None:
        raise NoOpenAPISlice("the ````yaml fence on the page is never closed")
    body = page[opening.end() : closing.start()]
    if not body.lstrip().startswith(b"openapi:"):
        raise NoOpenAPISlice("the fenced block is not an OpenAPI document")
    return body
