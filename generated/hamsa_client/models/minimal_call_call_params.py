from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MinimalCallCallParams")


@_attrs_define
class MinimalCallCallParams:
    """
    Attributes:
        machine_number (str | Unset):
        user_number (str | Unset):
    """

    machine_number: str | Unset = UNSET
    user_number: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        machine_number = self.machine_number

        user_number = self.user_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if machine_number is not UNSET:
            field_dict["machineNumber"] = machine_number
        if user_number is not UNSET:
            field_dict["userNumber"] = user_number

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        machine_number = d.pop("machineNumber", UNSET)

        user_number = d.pop("userNumber", UNSET)

        minimal_call_call_params = cls(
            machine_number=machine_number,
            user_number=user_number,
        )

        minimal_call_call_params.additional_properties = d
        return minimal_call_call_params

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
