from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.chatbot_run_form_request import ChatbotRunFormRequest
from ...models.chatbot_run_multipart_request import ChatbotRunMultipartRequest
from ...models.chatbot_run_request import ChatbotRunRequest
from ...models.chatbot_run_response import ChatbotRunResponse
from ...models.error import Error
from ...models.run_chatbot_response_401 import RunChatbotResponse401
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: ChatbotRunRequest | ChatbotRunMultipartRequest | ChatbotRunFormRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/chatbot/{id}/run".format(
            id=quote(str(id), safe=""),
        ),
    }

    if isinstance(body, ChatbotRunRequest):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, ChatbotRunMultipartRequest):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"
    if isinstance(body, ChatbotRunFormRequest):
        _kwargs["data"] = body.to_dict()
        headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChatbotRunResponse | Error | RunChatbotResponse401 | None:
    if response.status_code == 200:
        response_200 = ChatbotRunResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = RunChatbotResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ChatbotRunResponse | Error | RunChatbotResponse401]:
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
    body: ChatbotRunRequest | ChatbotRunMultipartRequest | ChatbotRunFormRequest,
) -> Response[ChatbotRunResponse | Error | RunChatbotResponse401]:
    """Run a chatbot

    Args:
        id (str):
        body (ChatbotRunRequest):
        body (ChatbotRunMultipartRequest):
        body (ChatbotRunFormRequest): ChatbotRunRequest, sent as application/x-www-form-
            urlencoded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatbotRunResponse | Error | RunChatbotResponse401]
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
    body: ChatbotRunRequest | ChatbotRunMultipartRequest | ChatbotRunFormRequest,
) -> ChatbotRunResponse | Error | RunChatbotResponse401 | None:
    """Run a chatbot

    Args:
        id (str):
        body (ChatbotRunRequest):
        body (ChatbotRunMultipartRequest):
        body (ChatbotRunFormRequest): ChatbotRunRequest, sent as application/x-www-form-
            urlencoded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatbotRunResponse | Error | RunChatbotResponse401
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
    body: ChatbotRunRequest | ChatbotRunMultipartRequest | ChatbotRunFormRequest,
) -> Response[ChatbotRunResponse | Error | RunChatbotResponse401]:
    """Run a chatbot

    Args:
        id (str):
        body (ChatbotRunRequest):
        body (ChatbotRunMultipartRequest):
        body (ChatbotRunFormRequest): ChatbotRunRequest, sent as application/x-www-form-
            urlencoded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatbotRunResponse | Error | RunChatbotResponse401]
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
    body: ChatbotRunRequest | ChatbotRunMultipartRequest | ChatbotRunFormRequest,
) -> ChatbotRunResponse | Error | RunChatbotResponse401 | None:
    """Run a chatbot

    Args:
        id (str):
        body (ChatbotRunRequest):
        body (ChatbotRunMultipartRequest):
        body (ChatbotRunFormRequest): ChatbotRunRequest, sent as application/x-www-form-
            urlencoded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatbotRunResponse | Error | RunChatbotResponse401
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
