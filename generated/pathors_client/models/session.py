from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.session_data import SessionData
    from ..models.session_state import SessionState


T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """The page's versions disagree (`state` on the current one; `data`, `createdAt`, `updatedAt` on the older one); the
    vendor's skills code reads `startTime` and `endTime`. All are optional; the rest is left open.

        Attributes:
            session_id (str | Unset): The session ID
            state (SessionState | Unset): The session state containing variables, messages, and other execution state
            data (SessionData | Unset): The session data containing variables, messages, and other information
            created_at (str | Unset): ISO 8601 timestamp when the session was created
            updated_at (str | Unset): ISO 8601 timestamp when the session was last updated
            start_time (str | Unset): When the session started (read by the vendor's skills code)
            end_time (None | str | Unset): When the session ended; null while it is still open (read by the vendor's skills
                code, not documented on a page).
    """

    session_id: str | Unset = UNSET
    state: SessionState | Unset = UNSET
    data: SessionData | Unset = UNSET
    created_at: str | Unset = UNSET
    updated_at: str | Unset = UNSET
    start_time: str | Unset = UNSET
    end_time: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.to_dict()

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        created_at = self.created_at

        updated_at = self.updated_at

        start_time = self.start_time

        end_time: None | str | Unset
        if isinstance(self.end_time, Unset):
            end_time = UNSET
        else:
            end_time = self.end_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if session_id is not UNSET:
            field_dict["sessionId"] = session_id
        if state is not UNSET:
            field_dict["state"] = state
        if data is not UNSET:
            field_dict["data"] = data
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if start_time is not UNSET:
            field_dict["startTime"] = start_time
        if end_time is not UNSET:
            field_dict["endTime"] = end_time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_data import SessionData
        from ..models.session_state import SessionState

        d = dict(src_dict)
        session_id = d.pop("sessionId", UNSET)

        _state = d.pop("state", UNSET)
        state: SessionState | Unset
        if isinstance(_state, Unset):
            state = UNSET
        else:
            state = SessionState.from_dict(_state)

        _data = d.pop("data", UNSET)
        data: SessionData | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = SessionData.from_dict(_data)

        created_at = d.pop("createdAt", UNSET)

        updated_at = d.pop("updatedAt", UNSET)

        start_time = d.pop("startTime", UNSET)

        def _parse_end_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        end_time = _parse_end_time(d.pop("endTime", UNSET))

        session = cls(
            session_id=session_id,
            state=state,
            data=data,
            created_at=created_at,
            updated_at=updated_at,
            start_time=start_time,
            end_time=end_time,
        )

        session.additional_properties = d
        return session

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
