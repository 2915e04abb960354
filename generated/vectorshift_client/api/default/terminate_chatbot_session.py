from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.terminate_chatbot_session_data_body import (
    TerminateChatbotSessionDataBody,
)
from ...models.terminate_chatbot_session_files_body import (
    TerminateChatbotSessionFilesBody,
)
from ...models.terminate_chatbot_session_json_body import (
    TerminateChatbotSessionJsonBody,
)
from ...models.terminate_chatbot_session_response_200 import (
    TerminateChatbotSessionResponse200,
)
from ...models.terminate_chatbot_session_response_400 import (
    TerminateChatbotSessionResponse400,
)
from ...models.terminate_chatbot_session_response_401 import (
    TerminateChatbotSessionResponse401,
)
from ...models.terminate_chatbot_session_response_500 import (
    TerminateChatbotSessionResponse500,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: TerminateChatbotSessionJsonBody
    | TerminateChatbotSessionFilesBody
    | TerminateChatbotSessionDataBody
    | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/chatbot/{id}/terminate".format(
            id=quote(str(id), safe=""),
        ),
    }

    if isinstance(body, TerminateChatbotSessionJsonBody):
        if not isinstance(body, Unset):
            _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, TerminateChatbotSessionFilesBody):
        if not isinstance(body, Unset):
            _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"
    if isinstance(body, TerminateChatbotSessionDataBody):
        if not isinstance(body, Unset):
            _kwargs["data"] = body.to_dict()
        headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    TerminateChatbotSessionResponse200
    | TerminateChatbotSessionResponse400
    | TerminateChatbotSessionResponse401
    | TerminateChatbotSessionResponse500
    | None
):
    if response.status_code == 200:
        response_200 = TerminateChatbotSessionResponse200.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = TerminateChatbotSessionResponse400.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = TerminateChatbotSessionResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 500:
        response_500 = TerminateChatbotSessionResponse500.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    TerminateChatbotSessionResponse200
    | TerminateChatbotSessionResponse400
    | TerminateChatbotSessionResponse401
    | TerminateChatbotSessionResponse500
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TerminateChatbotSessionJsonBody
    | TerminateChatbotSessionFilesBody
    | TerminateChatbotSessionDataBody
    | Unset = UNSET,
) -> Response[
    TerminateChatbotSessionResponse200
    | TerminateChatbotSessionResponse400
    | TerminateChatbotSessionResponse401
    | TerminateChatbotSessionResponse500
]:
    """Terminate a chatbot session

    Args:
        id (str):
        body (TerminateChatbotSessionJsonBody | Unset):
        body (TerminateChatbotSessionFilesBody | Unset):
        body (TerminateChatbotSessionDataBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[TerminateChatbotSessionResponse200 | TerminateChatbotSessionResponse400 | TerminateChatbotSessionResponse401 | TerminateChatbotSessionResponse500]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TerminateChatbotSessionJsonBody
    | TerminateChatbotSessionFilesBody
    | TerminateChatbotSessionDataBody
    | Unset = UNSET,
) -> (
    TerminateChatbotSessionResponse200
    | TerminateChatbotSessionResponse400
    | TerminateChatbotSessionResponse401
    | TerminateChatbotSessionResponse500
    | None
):
    """Terminate a chatbot session

    Args:
        id (str):
        body (TerminateChatbotSessionJsonBody | Unset):
        body (TerminateChatbotSessionFilesBody | Unset):
        body (TerminateChatbotSessionDataBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        TerminateChatbotSessionResponse200 | TerminateChatbotSessionResponse400 | TerminateChatbotSessionResponse401 | TerminateChatbotSessionResponse500
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TerminateChatbotSessionJsonBody
    | TerminateChatbotSessionFilesBody
    | TerminateChatbotSessionDataBody
    | Unset = UNSET,
) -> Response[
    TerminateChatbotSessionResponse200
    | TerminateChatbotSessionResponse400
    | TerminateChatbotSessionResponse401
    | TerminateChatbotSessionResponse500
]:
    """Terminate a chatbot session

    Args:
        id (str):
        body (TerminateChatbotSessionJsonBody | Unset):
        body (TerminateChatbotSessionFilesBody | Unset):
        body (TerminateChatbotSessionDataBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[TerminateChatbotSessionResponse200 | TerminateChatbotSessionResponse400 | TerminateChatbotSessionResponse401 | TerminateChatbotSessionResponse500]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: TerminateChatbotSessionJsonBody
    | TerminateChatbotSessionFilesBody
    | TerminateChatbotSessionDataBody
    | Unset = UNSET,
) -> (
    TerminateChatbotSessionResponse200
    | TerminateChatbotSessionResponse400
    | TerminateChatbotSessionResponse401
    | TerminateChatbotSessionResponse500
    | None
):
    """Terminate a chatbot session

    Args:
        id (str):
        body (TerminateChatbotSessionJsonBody | Unset):
        body (TerminateChatbotSessionFilesBody | Unset):
        body (TerminateChatbotSessionDataBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        TerminateChatbotSessionResponse200 | TerminateChatbotSessionResponse400 | TerminateChatbotSessionResponse401 | TerminateChatbotSessionResponse500
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
