from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatbotRunFormRequest")


@_attrs_define
class ChatbotRunFormRequest:
    """ChatbotRunRequest, sent as application/x-www-form-urlencoded.

    Attributes:
        text (str | Unset):
        audio (str | Unset): Base64 encoded audio data
        conversation_id (str | Unset):
        stream (bool | Unset):  Default: False.
    """

    text: str | Unset = UNSET
    audio: str | Unset = UNSET
    conversation_id: str | Unset = UNSET
    stream: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        audio = self.audio

        conversation_id = self.conversation_id

        stream = self.stream

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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        text = d.pop("text", UNSET)

        audio = d.pop("audio", UNSET)

        conversation_id = d.pop("conversation_id", UNSET)

        stream = d.pop("stream", UNSET)

        chatbot_run_form_request = cls(
            text=text,
            audio=audio,
            conversation_id=conversation_id,
            stream=stream,
        )

        chatbot_run_form_request.additional_properties = d
        return chatbot_run_form_request

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
