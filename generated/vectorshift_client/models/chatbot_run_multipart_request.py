from __future__ import annotations

import json
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, FileTypes, Unset

if TYPE_CHECKING:
    from ..models.filter_ import Filter


T = TypeVar("T", bound="ChatbotRunMultipartRequest")


@_attrs_define
class ChatbotRunMultipartRequest:
    """
    Attributes:
        text (str | Unset):
        audio (File | Unset): Audio file upload
        conversation_id (str | Unset):
        stream (bool | Unset):  Default: False.
        filter_ (Filter | Unset):
        generate_follow_up_questions (bool | Unset):  Default: False.
        number_of_follow_up_questions (int | Unset):
        slack_channel_id (str | Unset):
    """

    text: str | Unset = UNSET
    audio: File | Unset = UNSET
    conversation_id: str | Unset = UNSET
    stream: bool | Unset = False
    filter_: Filter | Unset = UNSET
    generate_follow_up_questions: bool | Unset = False
    number_of_follow_up_questions: int | Unset = UNSET
    slack_channel_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        audio: FileTypes | Unset = UNSET
        if not isinstance(self.audio, Unset):
            audio = self.audio.to_tuple()

        conversation_id = self.conversation_id

        stream = self.stream

        filter_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filter_, Unset):
            filter_ = self.filter_.to_dict()

        generate_follow_up_questions = self.generate_follow_up_questions

        number_of_follow_up_questions = self.number_of_follow_up_questions

        slack_channel_id = self.slack_channel_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if text is not UNSET:
            field_dict["text"] = text
        if audio is not UNSET:
            field_dict["audio"] = audio
        if conversation_id is not UNSET:
            field_dict["conversation_id"] = conversation_id
        if stream is not UNSET:
            field_dict["stream"] = stream
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if generate_follow_up_questions is not UNSET:
            field_dict["generate_follow_up_questions"] = generate_follow_up_questions
        if number_of_follow_up_questions is not UNSET:
            field_dict["number_of_follow_up_questions"] = number_of_follow_up_questions
        if slack_channel_id is not UNSET:
            field_dict["slack_channel_id"] = slack_channel_id

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        if not isinstance(self.text, Unset):
            files.append(("text", (None, str(self.text).encode(), "text/plain")))

        if not isinstance(self.audio, Unset):
            files.append(("audio", self.audio.to_tuple()))

        if not isinstance(self.conversation_id, Unset):
            files.append(
                (
                    "conversation_id",
                    (None, str(self.conversation_id).encode(), "text/plain"),
                )
            )

        if not isinstance(self.stream, Unset):
            files.append(
                (
                    "stream",
                    (None, ("true" if self.stream else "false").encode(), "text/plain"),
                )
            )

        if not isinstance(self.filter_, Unset):
            files.append(
                (
                    "filter",
                    (
                        None,
                        json.dumps(self.filter_.to_dict()).encode(),
                        "application/json",
                    ),
                )
            )

        if not isinstance(self.generate_follow_up_questions, Unset):
            files.append(
                (
                    "generate_follow_up_questions",
                    (
                        None,
                        (
                            "true" if self.generate_follow_up_questions else "false"
                        ).encode(),
                        "text/plain",
                    ),
                )
            )

        if not isinstance(self.number_of_follow_up_questions, Unset):
            files.append(
                (
                    "number_of_follow_up_questions",
                    (
                        None,
                        str(self.number_of_follow_up_questions).encode(),
                        "text/plain",
                    ),
                )
            )

        if not isinstance(self.slack_channel_id, Unset):
            files.append(
                (
                    "slack_channel_id",
                    (None, str(self.slack_channel_id).encode(), "text/plain"),
                )
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.filter_ import Filter

        d = dict(src_dict)
        text = d.pop("text", UNSET)

        _audio = d.pop("audio", UNSET)
        audio: File | Unset
        if isinstance(_audio, Unset):
            audio = UNSET
        else:
            audio = File(payload=BytesIO(_audio))

        conversation_id = d.pop("conversation_id", UNSET)

        stream = d.pop("stream", UNSET)

        _filter_ = d.pop("filter", UNSET)
        filter_: Filter | Unset
        if isinstance(_filter_, Unset):
            filter_ = UNSET
        else:
            filter_ = Filter.from_dict(_filter_)

        generate_follow_up_questions = d.pop("generate_follow_up_questions", UNSET)

        number_of_follow_up_questions = d.pop("number_of_follow_up_questions", UNSET)

        slack_channel_id = d.pop("slack_channel_id", UNSET)

        chatbot_run_multipart_request = cls(
            text=text,
            audio=audio,
            conversation_id=conversation_id,
            stream=stream,
            filter_=filter_,
            generate_follow_up_questions=generate_follow_up_questions,
            number_of_follow_up_questions=number_of_follow_up_questions,
            slack_channel_id=slack_channel_id,
        )

        chatbot_run_multipart_request.additional_properties = d
        return chatbot_run_multipart_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
