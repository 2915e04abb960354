"""Contains all the data models used in inputs/outputs"""

from .auth_error import AuthError
from .auth_error_error import AuthErrorError
from .end_session_request import EndSessionRequest
from .end_session_response import EndSessionResponse
from .error_message import ErrorMessage
from .terminate_session_request import TerminateSessionRequest
from .terminate_session_response import TerminateSessionResponse

__all__ = (
    "AuthError",
    "AuthErrorError",
    "EndSessionRequest",
    "EndSessionResponse",
    "ErrorMessage",
    "TerminateSessionRequest",
    "TerminateSessionResponse",
)
