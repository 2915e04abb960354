"""Contains all the data models used in inputs/outputs"""

from .error_schema import ErrorSchema
from .success_response import SuccessResponse

__all__ = (
    "ErrorSchema",
    "SuccessResponse",
)
