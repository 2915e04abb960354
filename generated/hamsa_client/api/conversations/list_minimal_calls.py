from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.job_status import JobStatus
from ...models.minimal_call_list_response import MinimalCallListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    voice_agent_id: UUID | Unset = UNSET,
    status: list[JobStatus] | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_voice_agent_id: str | Unset = UNSET
    if not isinstance(voice_agent_id, Unset):
        json_voice_agent_id = str(voice_agent_id)
    params["voiceAgentId"] = json_voice_agent_id

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)

    params["status"] = json_status

    params["startTime"] = start_time

    params["endTime"] = end_time

    params["page"] = page

    params["perPage"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/voice-agents/conversations/minimal-list",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MinimalCallListResponse | None:
    if response.status_code == 200:
        response_200 = MinimalCallListResponse.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[MinimalCallListResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    voice_agent_id: UUID | Unset = UNSET,
    status: list[JobStatus] | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 100,
) -> Response[MinimalCallListResponse]:
    """List call records (minimal)

     A paginated, lightweight list of voice-agent call records for a project, filtered by voice agent,
    one or many statuses and a UTC time range on `createdAt`. Timestamps are UTC epoch milliseconds.
    `data.total` counts every record, `data.filtered` those that match the filters: a client pages until
    it has `filtered` records.

    Args:
        voice_agent_id (UUID | Unset):  Example: 849e77c6-5cb3-479a-a985-7fab630e2c78.
        status (list[JobStatus] | Unset):
        start_time (int | Unset):  Example: 1747699200000.
        end_time (int | Unset):  Example: 1747785600000.
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MinimalCallListResponse]
    """

    kwargs = _get_kwargs(
        voice_agent_id=voice_agent_id,
        status=status,
        start_time=start_time,
        end_time=end_time,
        page=page,
        per_page=per_page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    voice_agent_id: UUID | Unset = UNSET,
    status: list[JobStatus] | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 100,
) -> MinimalCallListResponse | None:
    """List call records (minimal)

     A paginated, lightweight list of voice-agent call records for a project, filtered by voice agent,
    one or many statuses and a UTC time range on `createdAt`. Timestamps are UTC epoch milliseconds.
    `data.total` counts every record, `data.filtered` those that match the filters: a client pages until
    it has `filtered` records.

    Args:
        voice_agent_id (UUID | Unset):  Example: 849e77c6-5cb3-479a-a985-7fab630e2c78.
        status (list[JobStatus] | Unset):
        start_time (int | Unset):  Example: 1747699200000.
        end_time (int | Unset):  Example: 1747785600000.
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MinimalCallListResponse
    """

    return sync_detailed(
        client=client,
        voice_agent_id=voice_agent_id,
        status=status,
        start_time=start_time,
        end_time=end_time,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    voice_agent_id: UUID | Unset = UNSET,
    status: list[JobStatus] | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 100,
) -> Response[MinimalCallListResponse]:
    """List call records (minimal)

     A paginated, lightweight list of voice-agent call records for a project, filtered by voice agent,
    one or many statuses and a UTC time range on `createdAt`. Timestamps are UTC epoch milliseconds.
    `data.total` counts every record, `data.filtered` those that match the filters: a client pages until
    it has `filtered` records.

    Args:
        voice_agent_id (UUID | Unset):  Example: 849e77c6-5cb3-479a-a985-7fab630e2c78.
        status (list[JobStatus] | Unset):
        start_time (int | Unset):  Example: 1747699200000.
        end_time (int | Unset):  Example: 1747785600000.
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MinimalCallListResponse]
    """

    kwargs = _get_kwargs(
        voice_agent_id=voice_agent_id,
        status=status,
        start_time=start_time,
        end_time=end_time,
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    voice_agent_id: UUID | Unset = UNSET,
    status: list[JobStatus] | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
    page: int | Unset = 1,
    per_page: int | Unset = 100,
) -> MinimalCallListResponse | None:
    """List call records (minimal)

     A paginated, lightweight list of voice-agent call records for a project, filtered by voice agent,
    one or many statuses and a UTC time range on `createdAt`. Timestamps are UTC epoch milliseconds.
    `data.total` counts every record, `data.filtered` those that match the filters: a client pages until
    it has `filtered` records.

    Args:
        voice_agent_id (UUID | Unset):  Example: 849e77c6-5cb3-479a-a985-7fab630e2c78.
        status (list[JobStatus] | Unset):
        start_time (int | Unset):  Example: 1747699200000.
        end_time (int | Unset):  Example: 1747785600000.
        page (int | Unset):  Default: 1.
        per_page (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MinimalCallListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            voice_agent_id=voice_agent_id,
            status=status,
            start_time=start_time,
            end_time=end_time,
            page=page,
            per_page=per_page,
        )
    ).parsed
