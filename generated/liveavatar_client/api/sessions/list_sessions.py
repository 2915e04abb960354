from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.list_sessions_type import ListSessionsType
from ...models.session_list_response import SessionListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: ListSessionsType,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_ = type_.value
    params["type"] = json_type_

    params["page"] = page

    params["page_size"] = page_size

    params["avatar_id"] = avatar_id

    params["embed_id"] = embed_id

    params["context_id"] = context_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sessions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | SessionListResponse | None:
    if response.status_code == 200:
        response_200 = SessionListResponse.from_dict(response.json())

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
) -> Response[HTTPValidationError | SessionListResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: ListSessionsType,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> Response[HTTPValidationError | SessionListResponse]:
    """List Sessions

     List active sessions for the authenticated user (`type=active`), or past ones (`type=historic`), a
    page at a time. The page documents the query parameters only; the shape of `data` is not documented
    and is left open.

    Args:
        type_ (ListSessionsType):
        page (int | Unset):
        page_size (int | Unset):
        avatar_id (str | Unset):
        embed_id (str | Unset):
        context_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | SessionListResponse]
    """

    kwargs = _get_kwargs(
        type_=type_,
        page=page,
        page_size=page_size,
        avatar_id=avatar_id,
        embed_id=embed_id,
        context_id=context_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    type_: ListSessionsType,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> HTTPValidationError | SessionListResponse | None:
    """List Sessions

     List active sessions for the authenticated user (`type=active`), or past ones (`type=historic`), a
    page at a time. The page documents the query parameters only; the shape of `data` is not documented
    and is left open.

    Args:
        type_ (ListSessionsType):
        page (int | Unset):
        page_size (int | Unset):
        avatar_id (str | Unset):
        embed_id (str | Unset):
        context_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | SessionListResponse
    """

    return sync_detailed(
        client=client,
        type_=type_,
        page=page,
        page_size=page_size,
        avatar_id=avatar_id,
        embed_id=embed_id,
        context_id=context_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: ListSessionsType,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> Response[HTTPValidationError | SessionListResponse]:
    """List Sessions

     List active sessions for the authenticated user (`type=active`), or past ones (`type=historic`), a
    page at a time. The page documents the query parameters only; the shape of `data` is not documented
    and is left open.

    Args:
        type_ (ListSessionsType):
        page (int | Unset):
        page_size (int | Unset):
        avatar_id (str | Unset):
        embed_id (str | Unset):
        context_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | SessionListResponse]
    """

    kwargs = _get_kwargs(
        type_=type_,
        page=page,
        page_size=page_size,
        avatar_id=avatar_id,
        embed_id=embed_id,
        context_id=context_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: ListSessionsType,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    avatar_id: str | Unset = UNSET,
    embed_id: str | Unset = UNSET,
    context_id: str | Unset = UNSET,
) -> HTTPValidationError | SessionListResponse | None:
    """List Sessions

     List active sessions for the authenticated user (`type=active`), or past ones (`type=historic`), a
    page at a time. The page documents the query parameters only; the shape of `data` is not documented
    and is left open.

    Args:
        type_ (ListSessionsType):
        page (int | Unset):
        page_size (int | Unset):
        avatar_id (str | Unset):
        embed_id (str | Unset):
        context_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | SessionListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            page=page,
            page_size=page_size,
            avatar_id=avatar_id,
            embed_id=embed_id,
            context_id=context_id,
        )
    ).parsed
