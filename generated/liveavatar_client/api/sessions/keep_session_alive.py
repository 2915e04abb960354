from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.keep_session_alive_schema import KeepSessionAliveSchema
from ...models.stop_session_response import StopSessionResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: KeepSessionAliveSchema | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sessions/keep-alive",
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | StopSessionResponse | None:
    if response.status_code == 200:
        response_200 = StopSessionResponse.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HTTPValidationError | StopSessionResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: KeepSessionAliveSchema | Unset = UNSET,
) -> Response[HTTPValidationError | StopSessionResponse]:
    """Keep Session Alive

     Keep the session alive. (The page's operationId is keep_session_alive_v1_sessions_keep_alive_post.)

    Args:
        body (KeepSessionAliveSchema | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | StopSessionResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: KeepSessionAliveSchema | Unset = UNSET,
) -> HTTPValidationError | StopSessionResponse | None:
    """Keep Session Alive

     Keep the session alive. (The page's operationId is keep_session_alive_v1_sessions_keep_alive_post.)

    Args:
        body (KeepSessionAliveSchema | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | StopSessionResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: KeepSessionAliveSchema | Unset = UNSET,
) -> Response[HTTPValidationError | StopSessionResponse]:
    """Keep Session Alive

     Keep the session alive. (The page's operationId is keep_session_alive_v1_sessions_keep_alive_post.)

    Args:
        body (KeepSessionAliveSchema | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | StopSessionResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: KeepSessionAliveSchema | Unset = UNSET,
) -> HTTPValidationError | StopSessionResponse | None:
    """Keep Session Alive

     Keep the session alive. (The page's operationId is keep_session_alive_v1_sessions_keep_alive_post.)

    Args:
        body (KeepSessionAliveSchema | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | StopSessionResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
