from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chatbot_run_response_status import ChatbotRunResponseStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatbotRunResponse")


@_attrs_define
class ChatbotRunResponse:
    """
    Attributes:
        status (ChatbotRunResponseStatus):
        conversation_id (str):
        output_message (str):
        follow_up_questions (list[str] | Unset):
    """

    status: ChatbotRunResponseStatus
    conversation_id: str
    output_message: str
    follow_up_questions: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        conversation_id = self.conversation_id

        output_message = self.output_message

        follow_up_questions: list[str] | Unset = UNSET
        if not isinstance(self.follow_up_questions, Unset):
            follow_up_questions = self.follow_up_questions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "conversation_id": conversation_id,
                "output_message": output_message,
            }
        )
        if follow_up_questions is not UNSET:
            field_dict["follow_up_questions"] = follow_up_questions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ChatbotRunResponseStatus(d.pop("status"))

        conversation_id = d.pop("conversation_id")

        output_message = d.pop("output_message")

        follow_up_questions = cast(list[str], d.pop("follow_up_questions", UNSET))

        chatbot_run_response = cls(
            status=status,
            conversation_id=conversation_id,
            output_message=output_message,
            follow_up_questions=follow_up_questions,
        )

        chatbot_run_response.additional_properties = d
        return chatbot_run_response

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
