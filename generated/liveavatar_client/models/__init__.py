"""Contains all the data models used in inputs/outputs"""

from .http_validation_error import HTTPValidationError
from .session_end_reason_enum import SessionEndReasonEnum
from .stop_session_response import StopSessionResponse
from .stop_session_schema import StopSessionSchema
from .validation_error import ValidationError
from .validation_error_context import ValidationErrorContext

__all__ = (
    "HTTPValidationError",
    "SessionEndReasonEnum",
    "StopSessionResponse",
    "StopSessionSchema",
    "ValidationError",
    "ValidationErrorContext",
)
