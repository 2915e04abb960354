"""Our copies of generator templates must track the pinned generator's, fix aside."""

import difflib
from pathlib import Path

import openapi_python_client
import pytest

from scripts.spec.generate import TEMPLATES_DIR

PINNED_TEMPLATES = Path(openapi_python_client.__file__).parent / "templates"

# Each template we carry, and the only lines in which it may differ from the pinned one.
# When the generator is upgraded and a template moves, the test fails: re-copy it, or delete
# our copy if upstream has the fix.
EXPECTED_CHANGES = {
    "endpoint_macros.py.jinja": (
        [
            "{%- for body in endpoint.bodies -%}{% set body_required = body_required and "
            "body.prop.required %}",
            "{%- endfor -%}{% if not body_required %} | Unset = UNSET{% endif %}",
        ],
        [
            "{% set bodies = namespace(required=true) %}",
            "{%- for body in endpoint.bodies -%}{% set bodies.required = bodies.required and "
            "body.prop.required %}",
            "{%- endfor -%}{% if not bodies.required %} | Unset = UNSET{% endif %}",
        ],
    ),
    "property_templates/boolean_property.py.jinja": (
        ['files.append(({{ name }}, (None, str({{source}}).encode(), "text/plain")))'],
        [
            "files.append(({{ name }}, (None, "
            '("true" if {{ source }} else "false").encode(), "text/plain")))'
        ],
    ),
}


def changed_lines(relative: str) -> tuple[list[str], list[str]]:
    """Lines removed from and added to the pinned template, our leading comment aside."""
    upstream = (PINNED_TEMPLATES / relative).read_text(encoding="utf-8").splitlines()
    text = (TEMPLATES_DIR / relative).read_text(encoding="utf-8")
    assert text.startswith("{#"), f"{relative} does not say why we carry it"
    ours = text.split("#}\n", 1)[1].splitlines()
    diff = [
        line
        for line in difflib.unified_diff(upstream, ours, lineterm="", n=0)
        if not line.startswith(("+++", "---", "@@"))
    ]
    removed = [line[1:].strip() for line in diff if line.startswith("-")]
    added = [line[1:].strip() for line in diff if line.startswith("+")]
    return removed, added


def test_we_carry_exactly_the_templates_we_know_and_each_overrides_a_pinned_one() -> None:
    ours = sorted(
        str(path.relative_to(TEMPLATES_DIR))
        for path in TEMPLATES_DIR.rglob("*.jinja")
        if path.is_file()
    )
    assert ours == sorted(EXPECTED_CHANGES)
    assert all((PINNED_TEMPLATES / relative).is_file() for relative in ours)


@pytest.mark.parametrize("relative", sorted(EXPECTED_CHANGES))
def test_our_template_differs_from_the_pinned_one_only_by_its_fix(relative: str) -> None:
    assert changed_lines(relative) == EXPECTED_CHANGES[relative]
