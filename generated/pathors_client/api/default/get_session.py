from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.auth_error import AuthError
from ...models.error_message import ErrorMessage
from ...models.session import Session
from ...types import Response


def _get_kwargs(
    project_id: str,
    session_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/projects/{project_id}/sessions/{session_id}".format(
            project_id=quote(str(project_id), safe=""),
            session_id=quote(str(session_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthError | ErrorMessage | Session | None:
    if response.status_code == 200:
        response_200 = Session.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = AuthError.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = ErrorMessage.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthError | ErrorMessage | Session]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[AuthError | ErrorMessage | Session]:
    """Query Session

     Retrieve a session by its id: its variables and conversation history. (v1 path of the legacy GET
    /project/{projectId}/integration/api/session/{sessionId}; the migration page says the bodies are
    unchanged.)

    Args:
        project_id (str):
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthError | ErrorMessage | Session]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        session_id=session_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> AuthError | ErrorMessage | Session | None:
    """Query Session

     Retrieve a session by its id: its variables and conversation history. (v1 path of the legacy GET
    /project/{projectId}/integration/api/session/{sessionId}; the migration page says the bodies are
    unchanged.)

    Args:
        project_id (str):
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthError | ErrorMessage | Session
    """

    return sync_detailed(
        project_id=project_id,
        session_id=session_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[AuthError | ErrorMessage | Session]:
    """Query Session

     Retrieve a session by its id: its variables and conversation history. (v1 path of the legacy GET
    /project/{projectId}/integration/api/session/{sessionId}; the migration page says the bodies are
    unchanged.)

    Args:
        project_id (str):
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthError | ErrorMessage | Session]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        session_id=session_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> AuthError | ErrorMessage | Session | None:
    """Query Session

     Retrieve a session by its id: its variables and conversation history. (v1 path of the legacy GET
    /project/{projectId}/integration/api/session/{sessionId}; the migration page says the bodies are
    unchanged.)

    Args:
        project_id (str):
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthError | ErrorMessage | Session
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            session_id=session_id,
            client=client,
        )
    ).parsed
