from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.minimal_call import MinimalCall


T = TypeVar("T", bound="MinimalCallList")


@_attrs_define
class MinimalCallList:
    """
    Attributes:
        total (int | Unset): Every call record of the project. Example: 137.
        filtered (int | Unset): The call records that match the filters. Example: 2.
        calls (list[MinimalCall] | Unset):
    """

    total: int | Unset = UNSET
    filtered: int | Unset = UNSET
    calls: list[MinimalCall] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        filtered = self.filtered

        calls: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.calls, Unset):
            calls = []
            for calls_item_data in self.calls:
                calls_item = calls_item_data.to_dict()
                calls.append(calls_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if total is not UNSET:
            field_dict["total"] = total
        if filtered is not UNSET:
            field_dict["filtered"] = filtered
        if calls is not UNSET:
            field_dict["calls"] = calls

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.minimal_call import MinimalCall

        d = dict(src_dict)
        total = d.pop("total", UNSET)

        filtered = d.pop("filtered", UNSET)

        _calls = d.pop("calls", UNSET)
        calls: list[MinimalCall] | Unset = UNSET
        if _calls is not UNSET:
            calls = []
            for calls_item_data in _calls:
                calls_item = MinimalCall.from_dict(calls_item_data)

                calls.append(calls_item)

        minimal_call_list = cls(
            total=total,
            filtered=filtered,
            calls=calls,
        )

        minimal_call_list.additional_properties = d
        return minimal_call_list

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
