from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FilterFilterItemsItem")


@_attrs_define
class FilterFilterItemsItem:
    """
    Attributes:
        object_id (str | Unset):
        item_id (str | Unset):
        document_id (str | Unset):
    """

    object_id: str | Unset = UNSET
    item_id: str | Unset = UNSET
    document_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_id = self.object_id

        item_id = self.item_id

        document_id = self.document_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if object_id is not UNSET:
            field_dict["object_id"] = object_id
        if item_id is not UNSET:
            field_dict["item_id"] = item_id
        if document_id is not UNSET:
            field_dict["document_id"] = document_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        object_id = d.pop("object_id", UNSET)

        item_id = d.pop("item_id", UNSET)

        document_id = d.pop("document_id", UNSET)

        filter_filter_items_item = cls(
            object_id=object_id,
            item_id=item_id,
            document_id=document_id,
        )

        filter_filter_items_item.additional_properties = d
        return filter_filter_items_item

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
