from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.terminate_chatbot_session_response_500_status import (
    TerminateChatbotSessionResponse500Status,
)

T = TypeVar("T", bound="TerminateChatbotSessionResponse500")


@_attrs_define
class TerminateChatbotSessionResponse500:
    """
    Attributes:
        status (TerminateChatbotSessionResponse500Status):
        error (str):
    """

    status: TerminateChatbotSessionResponse500Status
    error: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = TerminateChatbotSessionResponse500Status(d.pop("status"))

        error = d.pop("error")

        terminate_chatbot_session_response_500 = cls(
            status=status,
            error=error,
        )

        terminate_chatbot_session_response_500.additional_properties = d
        return terminate_chatbot_session_response_500

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
