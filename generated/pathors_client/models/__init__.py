"""Contains all the data models used in inputs/outputs"""

from .auth_error import AuthError
from .auth_error_error import AuthErrorError
from .end_session_request import EndSessionRequest
from .end_session_response import EndSessionResponse
from .error_message import ErrorMessage
from .session import Session
from .session_data import SessionData
from .session_list_page import SessionListPage
from .session_state import SessionState
from .terminate_session_request import TerminateSessionRequest
from .terminate_session_response import TerminateSessionResponse

__all__ = (
    "AuthError",
    "AuthErrorError",
    "EndSessionRequest",
    "EndSessionResponse",
    "ErrorMessage",
    "Session",
    "SessionData",
    "SessionListPage",
    "SessionState",
    "TerminateSessionRequest",
    "TerminateSessionResponse",
)
