"""Apply an OpenAPI Overlay 1.0 document to an OpenAPI document.

Our corrections to a vendor's spec live in an overlay beside the vendor's bytes, so
the bytes stay comparable with upstream and every correction is reviewable on its own.
Targets are RFC 9535 JSONPath (python-jsonpath), as the Overlay spec requires.
Semantics (Overlay 1.0.0, "Action Object"): ``remove: true`` deletes each target node
from its parent; ``update`` is merged into each target: objects recursively, arrays by
appending, anything else replaced.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonpath

JSON = Any


class OverlayError(ValueError):
    """The overlay is malformed or one of its actions matches nothing."""


def apply_overlay(document: JSON, overlay: JSON) -> JSON:
    """Return a copy of ``document`` with every action of ``overlay`` applied in order."""
    if not str(overlay.get("overlay", "")).startswith("1."):
        raise OverlayError("not an Overlay 1.x document: 'overlay: 1.0.0' is missing")
    result = copy.deepcopy(document)
    for number, action in enumerate(overlay.get("actions") or [], start=1):
        target = action.get("target")
        if not isinstance(target, str):
            raise OverlayError(f"action {number} has no 'target'")
        matches = jsonpath.finditer(target, result)
        nodes = list(matches)
        if not nodes:
            raise OverlayError(f"action {number}: target {target!r} matches nothing")
        for node in nodes:
            if action.get("remove"):
                _remove(node)
            elif "update" in action:
                _update(node, action["update"])
            else:
                raise OverlayError(f"action {number} has neither 'update' nor 'remove'")
    return result


def _remove(node: jsonpath.JSONPathMatch) -> None:
    parent = node.parent
    if parent is None:
        raise OverlayError("an overlay cannot remove the document root")
    key = node.parts[-1]
    container: Any = parent.obj
    if isinstance(container, list):
        container.remove(node.obj)
    else:
        del container[key]


def _update(node: jsonpath.JSONPathMatch, update: JSON) -> None:
    target = node.obj
    if isinstance(target, dict) and isinstance(update, dict):
        _merge(target, update)
    elif isinstance(target, list):
        target.extend(copy.deepcopy(update) if isinstance(update, list) else [update])
    else:
        parent = node.parent
        if parent is None:
            raise OverlayError("an overlay cannot replace the document root")
        container: Any = parent.obj
        container[node.parts[-1]] = copy.deepcopy(update)


def _merge(target: dict[str, JSON], update: dict[str, JSON]) -> None:
    for key, value in update.items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            current.extend(copy.deepcopy(value))
        else:
            target[key] = copy.deepcopy(value)
