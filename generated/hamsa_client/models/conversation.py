from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Conversation")


@_attrs_define
class Conversation:
    """The page shows an example only: the fields below are typed from it, the rest (model, agentDetails, jobResponse,
    callAnalysis, voiceAgent, logs, performanceMetrics, ...) are left open.

        Attributes:
            id (UUID | Unset):
            status (str | Unset): A JobStatus value, e.g. COMPLETED.
            voice_agent_id (UUID | Unset):
            created_at (str | Unset): ISO 8601 timestamp, e.g. 2024-01-15T10:30:00Z.
            updated_at (str | Unset): ISO 8601 timestamp.
            call_duration (int | Unset):  Example: 125.
            channel_type (str | Unset):  Example: TELEPHONE.
    """

    id: UUID | Unset = UNSET
    status: str | Unset = UNSET
    voice_agent_id: UUID | Unset = UNSET
    created_at: str | Unset = UNSET
    updated_at: str | Unset = UNSET
    call_duration: int | Unset = UNSET
    channel_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)

        status = self.status

        voice_agent_id: str | Unset = UNSET
        if not isinstance(self.voice_agent_id, Unset):
            voice_agent_id = str(self.voice_agent_id)

        created_at = self.created_at

        updated_at = self.updated_at

        call_duration = self.call_duration

        channel_type = self.channel_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if status is not UNSET:
            field_dict["status"] = status
        if voice_agent_id is not UNSET:
            field_dict["voiceAgentId"] = voice_agent_id
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if call_duration is not UNSET:
            field_dict["callDuration"] = call_duration
        if channel_type is not UNSET:
            field_dict["channelType"] = channel_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _id = d.pop("id", UNSET)
        id: UUID | Unset
        if isinstance(_id, Unset):
            id = UNSET
        else:
            id = UUID(_id)

        status = d.pop("status", UNSET)

        _voice_agent_id = d.pop("voiceAgentId", UNSET)
        voice_agent_id: UUID | Unset
        if isinstance(_voice_agent_id, Unset):
            voice_agent_id = UNSET
        else:
            voice_agent_id = UUID(_voice_agent_id)

        created_at = d.pop("createdAt", UNSET)

        updated_at = d.pop("updatedAt", UNSET)

        call_duration = d.pop("callDuration", UNSET)

        channel_type = d.pop("channelType", UNSET)

        conversation = cls(
            id=id,
            status=status,
            voice_agent_id=voice_agent_id,
            created_at=created_at,
            updated_at=updated_at,
            call_duration=call_duration,
            channel_type=channel_type,
        )

        conversation.additional_properties = d
        return conversation

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
