from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.minimal_call_call_params import MinimalCallCallParams


T = TypeVar("T", bound="MinimalCall")


@_attrs_define
class MinimalCall:
    """
    Attributes:
        id (UUID | Unset):  Example: e01b0877-1849-49f5-b4c2-d789fe603ec8.
        created_at (str | Unset): ISO 8601 timestamp (UTC), e.g. 2025-11-29T13:24:13.221Z.
        status (str | Unset): A JobStatus value (PENDING, IN_PROGRESS, COMPLETED, NO_ANSWER, FAILED, FORWARDED,
            TERMINATED); a string, so that a status added later still parses. Example: COMPLETED.
        voice_agent_id (UUID | Unset):
        agent_name (str | Unset):
        duration (int | Unset): Call duration (seconds, going by the example). Example: 35.
        channel_type (str | Unset):  Example: Telephone.
        call_params (MinimalCallCallParams | Unset):
    """

    id: UUID | Unset = UNSET
    created_at: str | Unset = UNSET
    status: str | Unset = UNSET
    voice_agent_id: UUID | Unset = UNSET
    agent_name: str | Unset = UNSET
    duration: int | Unset = UNSET
    channel_type: str | Unset = UNSET
    call_params: MinimalCallCallParams | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)

        created_at = self.created_at

        status = self.status

        voice_agent_id: str | Unset = UNSET
        if not isinstance(self.voice_agent_id, Unset):
            voice_agent_id = str(self.voice_agent_id)

        agent_name = self.agent_name

        duration = self.duration

        channel_type = self.channel_type

        call_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.call_params, Unset):
            call_params = self.call_params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if status is not UNSET:
            field_dict["status"] = status
        if voice_agent_id is not UNSET:
            field_dict["voiceAgentId"] = voice_agent_id
        if agent_name is not UNSET:
            field_dict["agentName"] = agent_name
        if duration is not UNSET:
            field_dict["duration"] = duration
        if channel_type is not UNSET:
            field_dict["channelType"] = channel_type
        if call_params is not UNSET:
            field_dict["callParams"] = call_params

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.minimal_call_call_params import MinimalCallCallParams

        d = dict(src_dict)
        _id = d.pop("id", UNSET)
        id: UUID | Unset
        if isinstance(_id, Unset):
            id = UNSET
        else:
            id = UUID(_id)

        created_at = d.pop("createdAt", UNSET)

        status = d.pop("status", UNSET)

        _voice_agent_id = d.pop("voiceAgentId", UNSET)
        voice_agent_id: UUID | Unset
        if isinstance(_voice_agent_id, Unset):
            voice_agent_id = UNSET
        else:
            voice_agent_id = UUID(_voice_agent_id)

        agent_name = d.pop("agentName", UNSET)

        duration = d.pop("duration", UNSET)

        channel_type = d.pop("channelType", UNSET)

        _call_params = d.pop("callParams", UNSET)
        call_params: MinimalCallCallParams | Unset
        if isinstance(_call_params, Unset):
            call_params = UNSET
        else:
            call_params = MinimalCallCallParams.from_dict(_call_params)

        minimal_call = cls(
            id=id,
            created_at=created_at,
            status=status,
            voice_agent_id=voice_agent_id,
            agent_name=agent_name,
            duration=duration,
            channel_type=channel_type,
            call_params=call_params,
        )

        minimal_call.additional_properties = d
        return minimal_call

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
