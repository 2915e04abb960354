"""`hangup chat` against the stand-in vendor (tests/hangup/cli/conftest.py)."""

from __future__ import annotations

import json

import pytest

from hangup.cli import main


def test_chat_prints_the_reply_and_the_conversation_id(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["chat", "vectorshift", "bot_1", "Hi", "--conversation", "conv_1"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Hello\n"
    assert "conversation: conv_9" in captured.err
    assert "follow-up: And then?" in captured.err


def test_chat_stream_prints_the_chunks_as_they_come(
    stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["chat", "vectorshift", "bot_1", "Hi", "--stream"]) == 0
    assert capsys.readouterr().out == "Hello\n"


@pytest.mark.parametrize("stream", [[], ["--stream"]])
def test_chat_json_prints_the_reply_as_one_object(
    stream: list[str], stand_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["chat", "vectorshift", "bot_1", "Hi", "--json", *stream]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "output": "Hello",
        "conversation_id": "conv_9",
        "follow_up_questions": ["And then?"],
    }


def test_chat_error_prints_one_line(stand_in: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chat", "vectorshift", "..", "Hi"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error\tvectorshift: ")
    assert "cannot be '..'" in line
