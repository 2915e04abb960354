from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.session_detail import SessionDetail


T = TypeVar("T", bound="SessionDetailResponse")


@_attrs_define
class SessionDetailResponse:
    """The envelope every LiveAvatar answer shares; `data` is undocumented.

    Attributes:
        code (int | Unset):  Default: 100.
        data (SessionDetail | Unset): One session. Its fields are not documented, so left open.
        message (str | Unset):
    """

    code: int | Unset = 100
    data: SessionDetail | Unset = UNSET
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if data is not UNSET:
            field_dict["data"] = data
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_detail import SessionDetail

        d = dict(src_dict)
        code = d.pop("code", UNSET)

        _data = d.pop("data", UNSET)
        data: SessionDetail | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = SessionDetail.from_dict(_data)

        message = d.pop("message", UNSET)

        session_detail_response = cls(
            code=code,
            data=data,
            message=message,
        )

        session_detail_response.additional_properties = d
        return session_detail_response

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
