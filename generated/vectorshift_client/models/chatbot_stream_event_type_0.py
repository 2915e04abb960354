from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chatbot_stream_event_type_0_type import ChatbotStreamEventType0Type

T = TypeVar("T", bound="ChatbotStreamEventType0")


@_attrs_define
class ChatbotStreamEventType0:
    """
    Attributes:
        type_ (ChatbotStreamEventType0Type):
        output_value (str):
    """

    type_: ChatbotStreamEventType0Type
    output_value: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        output_value = self.output_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "output_value": output_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = ChatbotStreamEventType0Type(d.pop("type"))

        output_value = d.pop("output_value")

        chatbot_stream_event_type_0 = cls(
            type_=type_,
            output_value=output_value,
        )

        chatbot_stream_event_type_0.additional_properties = d
        return chatbot_stream_event_type_0

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
