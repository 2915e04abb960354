"""SessionRef: the text form round-trips; bad text is refused with a message naming the fault."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hangup import InvalidSessionRef, SessionRef, _registry
from hangup.errors import HangupError, InvalidArgument

UUID = "849e77c6-5cb3-479a-a985-7fab630e2c78"

# Any printable text, as long as it is not padded with whitespace and is not a dot segment.
chars = st.one_of(
    st.sampled_from("/:%.?#&=+ ~-_"),
    st.characters(min_codepoint=0x21, max_codepoint=0xD7FF),  # below the surrogates
)
parts = st.text(chars, min_size=1, max_size=40).filter(
    lambda s: s.isprintable() and s == s.strip() and s not in (".", "..")
)


@st.composite
def refs(draw: st.DrawFn) -> SessionRef:
    vendor = draw(st.sampled_from(_registry.names()))
    if _registry.vendor(vendor).ref_shape.uuid:  # type: ignore[union-attr]
        return SessionRef(vendor=vendor, session_id=str(draw(st.uuids())))
    return SessionRef(vendor=vendor, scope=draw(parts), session_id=draw(parts))


@pytest.mark.parametrize(
    "text",
    [
        "vectorshift:bot_1/run_2",
        "pathors:proj-1/sess-9",
        f"liveavatar:{UUID}",
        f"hamsa:{UUID}",
        f"hamsa:{UUID.upper()}",
        "pathors:a%2Fb/c%3Ad%25e",
    ],
)
def test_parse_then_str_gives_the_same_text(text: str) -> None:
    assert str(SessionRef.parse(text)) == text


def test_parse_reads_each_part_into_its_field() -> None:
    ref = SessionRef.parse("vectorshift:bot_1/run_2")
    assert (ref.vendor, ref.scope, ref.session_id) == ("vectorshift", "bot_1", "run_2")
    assert ref.parts == ("bot_1", "run_2")
    hamsa = SessionRef.parse(f"hamsa:{UUID}")
    assert (hamsa.scope, hamsa.session_id, hamsa.parts) == (None, UUID, (UUID,))


def test_slash_colon_and_percent_inside_a_part_are_percent_encoded() -> None:
    ref = SessionRef(vendor="pathors", scope="a/b:c", session_id="100%")
    assert str(ref) == "pathors:a%2Fb%3Ac/100%25"
    assert SessionRef.parse(str(ref)) == ref


@given(refs())
def test_every_ref_survives_the_text_round_trip(ref: SessionRef) -> None:
    text = str(ref)
    assert SessionRef.parse(text) == ref
    assert str(SessionRef.parse(text)) == text


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_invalid_session_ref_and_nothing_else(text: str) -> None:
    try:
        ref = SessionRef.parse(text)
    except InvalidSessionRef:
        return
    assert SessionRef.parse(str(ref)) == ref


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("no-colon", "names no vendor"),
        ("zoom:abc", "unknown vendor 'zoom'"),
        ("VectorShift:a/b", "unknown vendor 'VectorShift'"),
        ("vectorshift:only-one", "vectorshift:<chatbot_id>/<pipeline_run_id>"),
        ("pathors:a/b/c", "pathors:<project_id>/<session_id>"),
        (f"hamsa:{UUID}/x", "hamsa:<conversation_uuid>"),
        ("hamsa:not-a-uuid", "is not a UUID"),
        ("liveavatar:849e77c6-5cb3-479a-a985-7fab630e2c7", "is not a UUID"),
        (f"liveavatar:{{{UUID}}}", "is not a UUID"),
        ("pathors:/sess", "project_id is empty"),
        ("pathors:proj/", "session_id is empty"),
        ("pathors:../sess", "cannot be '..'"),
        ("pathors:proj/.", "cannot be '.'"),
        ("pathors:%2E%2E/sess", "cannot be '..'"),
        ("pathors:proj/a\r\nX-Injected: 1", "control character"),
        ("pathors:proj/a%0D%0Ab", "control character"),
        ("pathors:proj/a\tb", "control character"),
        ("pathors:proj/ sess", "whitespace"),
        ("pathors:proj/50%", "not a %XX escape"),
        ("pathors:proj/%zz", "not a %XX escape"),
        ("pathors:proj/%FF", "not UTF-8"),
    ],
)
def test_bad_text_raises_invalid_session_ref_saying_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(InvalidSessionRef) as caught:
        SessionRef.parse(text)
    assert says in str(caught.value)


def test_invalid_session_ref_is_a_value_error_and_a_hangup_error() -> None:
    with pytest.raises(ValueError, match="names no vendor"):
        SessionRef.parse("nothing")
    assert issubclass(InvalidSessionRef, InvalidArgument)
    assert issubclass(InvalidSessionRef, HangupError)


def test_text_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(InvalidSessionRef, match="got int"):
        SessionRef.parse(42)  # type: ignore[arg-type]


def test_building_by_fields_checks_the_same_rules() -> None:
    with pytest.raises(InvalidSessionRef, match="is not a UUID"):
        SessionRef(vendor="liveavatar", session_id="123")
    with pytest.raises(InvalidSessionRef, match="2 part"):
        SessionRef(vendor="pathors", session_id="s")
    with pytest.raises(InvalidSessionRef, match="1 part"):
        SessionRef(vendor="hamsa", scope="x", session_id=UUID)
    with pytest.raises(InvalidSessionRef, match="unknown vendor"):
        SessionRef(vendor="nope", session_id="s")


def test_of_accepts_a_ref_or_its_text() -> None:
    ref = SessionRef.parse("pathors:p/s")
    assert SessionRef.of(ref) is ref
    assert SessionRef.of("pathors:p/s") == ref


def test_refs_are_frozen_and_hashable() -> None:
    ref = SessionRef.parse("pathors:p/s")
    assert {ref, SessionRef.parse("pathors:p/s")} == {ref}
    with pytest.raises(AttributeError):
        ref.session_id = "other"  # type: ignore[misc]
