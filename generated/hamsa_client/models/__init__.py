"""Contains all the data models used in inputs/outputs"""

from .conversation import Conversation
from .conversation_response import ConversationResponse
from .error_schema import ErrorSchema
from .job_status import JobStatus
from .minimal_call import MinimalCall
from .minimal_call_call_params import MinimalCallCallParams
from .minimal_call_list import MinimalCallList
from .minimal_call_list_response import MinimalCallListResponse
from .success_response import SuccessResponse

__all__ = (
    "Conversation",
    "ConversationResponse",
    "ErrorSchema",
    "JobStatus",
    "MinimalCall",
    "MinimalCallCallParams",
    "MinimalCallList",
    "MinimalCallListResponse",
    "SuccessResponse",
)
