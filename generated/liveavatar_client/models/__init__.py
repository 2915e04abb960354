"""Contains all the data models used in inputs/outputs"""

from .http_validation_error import HTTPValidationError
from .keep_session_alive_schema import KeepSessionAliveSchema
from .list_sessions_type import ListSessionsType
from .session_detail import SessionDetail
from .session_detail_response import SessionDetailResponse
from .session_end_reason_enum import SessionEndReasonEnum
from .session_list_data import SessionListData
from .session_list_response import SessionListResponse
from .stop_session_response import StopSessionResponse
from .stop_session_schema import StopSessionSchema
from .validation_error import ValidationError
from .validation_error_context import ValidationErrorContext

__all__ = (
    "HTTPValidationError",
    "KeepSessionAliveSchema",
    "ListSessionsType",
    "SessionDetail",
    "SessionDetailResponse",
    "SessionEndReasonEnum",
    "SessionListData",
    "SessionListResponse",
    "StopSessionResponse",
    "StopSessionSchema",
    "ValidationError",
    "ValidationErrorContext",
)
