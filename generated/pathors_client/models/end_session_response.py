from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EndSessionResponse")


@_attrs_define
class EndSessionResponse:
    """
    Example:
        {'success': True, 'sessionId': 'user-123-session-456', 'message': 'Session ended successfully'}

    Attributes:
        success (bool | Unset): Indicates whether the session was successfully ended
        session_id (str | Unset): The ID of the ended session
        message (str | Unset): Confirmation message that the session has been ended
    """

    success: bool | Unset = UNSET
    session_id: str | Unset = UNSET
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        session_id = self.session_id

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if success is not UNSET:
            field_dict["success"] = success
        if session_id is not UNSET:
            field_dict["sessionId"] = session_id
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        success = d.pop("success", UNSET)

        session_id = d.pop("sessionId", UNSET)

        message = d.pop("message", UNSET)

        end_session_response = cls(
            success=success,
            session_id=session_id,
            message=message,
        )

        end_session_response.additional_properties = d
        return end_session_response

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
