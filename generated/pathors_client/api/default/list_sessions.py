from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.auth_error import AuthError
from ...models.session_list_page import SessionListPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["pageSize"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/projects/{project_id}/sessions".format(
            project_id=quote(str(project_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthError | SessionListPage | None:
    if response.status_code == 200:
        response_200 = SessionListPage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = AuthError.from_dict(response.json())

        return response_401

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthError | SessionListPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[AuthError | SessionListPage]:
    """List Sessions

     The project's sessions, a page at a time. No docs page documents this call: its parameters are those
    the vendor's own skills code sends, and its body is left open. No filter for open sessions is known;
    a session whose `endTime` is null is still open.

    Args:
        project_id (str):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthError | SessionListPage]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        page=page,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> AuthError | SessionListPage | None:
    """List Sessions

     The project's sessions, a page at a time. No docs page documents this call: its parameters are those
    the vendor's own skills code sends, and its body is left open. No filter for open sessions is known;
    a session whose `endTime` is null is still open.

    Args:
        project_id (str):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthError | SessionListPage
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        page=page,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[AuthError | SessionListPage]:
    """List Sessions

     The project's sessions, a page at a time. No docs page documents this call: its parameters are those
    the vendor's own skills code sends, and its body is left open. No filter for open sessions is known;
    a session whose `endTime` is null is still open.

    Args:
        project_id (str):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthError | SessionListPage]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        page=page,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> AuthError | SessionListPage | None:
    """List Sessions

     The project's sessions, a page at a time. No docs page documents this call: its parameters are those
    the vendor's own skills code sends, and its body is left open. No filter for open sessions is known;
    a session whose `endTime` is null is still open.

    Args:
        project_id (str):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthError | SessionListPage
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            page=page,
            page_size=page_size,
        )
    ).parsed
