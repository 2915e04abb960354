from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chatbot_stream_event_type_1_status import ChatbotStreamEventType1Status
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatbotStreamEventType1")


@_attrs_define
class ChatbotStreamEventType1:
    """
    Attributes:
        status (ChatbotStreamEventType1Status):
        conversation_id (str | Unset):
        output_message (str | Unset):
        follow_up_questions (list[str] | Unset):
        error (str | Unset):
    """

    status: ChatbotStreamEventType1Status
    conversation_id: str | Unset = UNSET
    output_message: str | Unset = UNSET
    follow_up_questions: list[str] | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        conversation_id = self.conversation_id

        output_message = self.output_message

        follow_up_questions: list[str] | Unset = UNSET
        if not isinstance(self.follow_up_questions, Unset):
            follow_up_questions = self.follow_up_questions

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )
        if conversation_id is not UNSET:
            field_dict["conversation_id"] = conversation_id
        if output_message is not UNSET:
            field_dict["output_message"] = output_message
        if follow_up_questions is not UNSET:
            field_dict["follow_up_questions"] = follow_up_questions
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ChatbotStreamEventType1Status(d.pop("status"))

        conversation_id = d.pop("conversation_id", UNSET)

        output_message = d.pop("output_message", UNSET)

        follow_up_questions = cast(list[str], d.pop("follow_up_questions", UNSET))

        error = d.pop("error", UNSET)

        chatbot_stream_event_type_1 = cls(
            status=status,
            conversation_id=conversation_id,
            output_message=output_message,
            follow_up_questions=follow_up_questions,
            error=error,
        )

        chatbot_stream_event_type_1.additional_properties = d
        return chatbot_stream_event_type_1

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
