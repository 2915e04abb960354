from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.minimal_call_list import MinimalCallList


T = TypeVar("T", bound="MinimalCallListResponse")


@_attrs_define
class MinimalCallListResponse:
    """
    Attributes:
        success (bool | Unset):  Example: True.
        message (str | Unset):  Example: success.
        data (MinimalCallList | Unset):
    """

    success: bool | Unset = UNSET
    message: str | Unset = UNSET
    data: MinimalCallList | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        message = self.message

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if success is not UNSET:
            field_dict["success"] = success
        if message is not UNSET:
            field_dict["message"] = message
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.minimal_call_list import MinimalCallList

        d = dict(src_dict)
        success = d.pop("success", UNSET)

        message = d.pop("message", UNSET)

        _data = d.pop("data", UNSET)
        data: MinimalCallList | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = MinimalCallList.from_dict(_data)

        minimal_call_list_response = cls(
            success=success,
            message=message,
            data=data,
        )

        minimal_call_list_response.additional_properties = d
        return minimal_call_list_response

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
