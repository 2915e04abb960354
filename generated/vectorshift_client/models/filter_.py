from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.filter_selection_mode import FilterSelectionMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.filter_filter_items_item import FilterFilterItemsItem


T = TypeVar("T", bound="Filter")


@_attrs_define
class Filter:
    """
    Attributes:
        filter_items (list[FilterFilterItemsItem]):
        selection_mode (FilterSelectionMode | Unset):
    """

    filter_items: list[FilterFilterItemsItem]
    selection_mode: FilterSelectionMode | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        filter_items = []
        for filter_items_item_data in self.filter_items:
            filter_items_item = filter_items_item_data.to_dict()
            filter_items.append(filter_items_item)

        selection_mode: str | Unset = UNSET
        if not isinstance(self.selection_mode, Unset):
            selection_mode = self.selection_mode.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "filter_items": filter_items,
            }
        )
        if selection_mode is not UNSET:
            field_dict["selection_mode"] = selection_mode

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.filter_filter_items_item import FilterFilterItemsItem

        d = dict(src_dict)
        filter_items = []
        _filter_items = d.pop("filter_items")
        for filter_items_item_data in _filter_items:
            filter_items_item = FilterFilterItemsItem.from_dict(filter_items_item_data)

            filter_items.append(filter_items_item)

        _selection_mode = d.pop("selection_mode", UNSET)
        selection_mode: FilterSelectionMode | Unset
        if isinstance(_selection_mode, Unset):
            selection_mode = UNSET
        else:
            selection_mode = FilterSelectionMode(_selection_mode)

        filter_ = cls(
            filter_items=filter_items,
            selection_mode=selection_mode,
        )

        filter_.additional_properties = d
        return filter_

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
