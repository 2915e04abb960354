"""Our copies of generator templates must track the pinned generator's, fix aside."""

import difflib
from pathlib import Path

import openapi_python_client

from scripts.generate import TEMPLATES_DIR

PINNED_TEMPLATES = Path(openapi_python_client.__file__).parent / "templates"


def changed_lines(ours: Path) -> list[str]:
    upstream = (PINNED_TEMPLATES / ours.name).read_text(encoding="utf-8").splitlines()
    text = ours.read_text(encoding="utf-8")
    # Our copy opens with a Jinja comment saying why it exists; the rest is compared.
    assert text.startswith("{#"), f"{ours.name} does not say why we carry it"
    mine = text.split("#}\n", 1)[1].splitlines()
    return [
        line
        for line in difflib.unified_diff(upstream, mine, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_every_template_we_carry_overrides_one_the_pinned_generator_has() -> None:
    ours = sorted(path.name for path in TEMPLATES_DIR.iterdir())
    assert ours == ["endpoint_macros.py.jinja"]
    assert all((PINNED_TEMPLATES / name).is_file() for name in ours)


def test_endpoint_macros_differs_from_upstream_only_by_the_required_multi_body_fix() -> None:
    diff = changed_lines(TEMPLATES_DIR / "endpoint_macros.py.jinja")
    removed = [line for line in diff if line.startswith("-")]
    added = [line for line in diff if line.startswith("+")]
    # When the generator is upgraded and its template moves, this fails: re-copy it, or
    # delete our copy if upstream fixed issue #1451.
    assert [line.strip("- ") for line in removed] == [
        "{%- for body in endpoint.bodies -%}{% set body_required = body_required and "
        "body.prop.required %}",
        "{%- endfor -%}{% if not body_required %} | Unset = UNSET{% endif %}",
    ]
    assert [line.strip("+ ") for line in added] == [
        "{% set bodies = namespace(required=true) %}",
        "{%- for body in endpoint.bodies -%}{% set bodies.required = bodies.required and "
        "body.prop.required %}",
        "{%- endfor -%}{% if not bodies.required %} | Unset = UNSET{% endif %}",
    ]
