from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TerminateSessionRequest")


@_attrs_define
class TerminateSessionRequest:
    """
    Attributes:
        session_id (str | Unset):
        phone_number (str | Unset):
        message (str | Unset):
    """

    session_id: str | Unset = UNSET
    phone_number: str | Unset = UNSET
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        phone_number = self.phone_number

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if session_id is not UNSET:
            field_dict["session_id"] = session_id
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        session_id = d.pop("session_id", UNSET)

        phone_number = d.pop("phone_number", UNSET)

        message = d.pop("message", UNSET)

        terminate_session_request = cls(
            session_id=session_id,
            phone_number=phone_number,
            message=message,
        )

        terminate_session_request.additional_properties = d
        return terminate_session_request

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
