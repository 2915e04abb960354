"""Contains all the data models used in inputs/outputs"""

from .chatbot_run_form_request import ChatbotRunFormRequest
from .chatbot_run_multipart_request import ChatbotRunMultipartRequest
from .chatbot_run_request import ChatbotRunRequest
from .chatbot_run_response import ChatbotRunResponse
from .chatbot_run_response_status import ChatbotRunResponseStatus
from .chatbot_stream_event_type_0 import ChatbotStreamEventType0
from .chatbot_stream_event_type_0_type import ChatbotStreamEventType0Type
from .chatbot_stream_event_type_1 import ChatbotStreamEventType1
from .chatbot_stream_event_type_1_status import ChatbotStreamEventType1Status
from .error import Error
from .error_status import ErrorStatus
from .filter_ import Filter
from .filter_filter_items_item import FilterFilterItemsItem
from .filter_selection_mode import FilterSelectionMode
from .run_chatbot_response_401 import RunChatbotResponse401
from .run_chatbot_response_401_error import RunChatbotResponse401Error
from .terminate_chatbot_session_data_body import TerminateChatbotSessionDataBody
from .terminate_chatbot_session_files_body import TerminateChatbotSessionFilesBody
from .terminate_chatbot_session_json_body import TerminateChatbotSessionJsonBody
from .terminate_chatbot_session_response_200 import TerminateChatbotSessionResponse200
from .terminate_chatbot_session_response_200_status import (
    TerminateChatbotSessionResponse200Status,
)
from .terminate_chatbot_session_response_400 import TerminateChatbotSessionResponse400
from .terminate_chatbot_session_response_400_status import (
    TerminateChatbotSessionResponse400Status,
)
from .terminate_chatbot_session_response_401 import TerminateChatbotSessionResponse401
from .terminate_chatbot_session_response_401_error import (
    TerminateChatbotSessionResponse401Error,
)
from .terminate_chatbot_session_response_500 import TerminateChatbotSessionResponse500
from .terminate_chatbot_session_response_500_status import (
    TerminateChatbotSessionResponse500Status,
)

__all__ = (
    "ChatbotRunFormRequest",
    "ChatbotRunMultipartRequest",
    "ChatbotRunRequest",
    "ChatbotRunResponse",
    "ChatbotRunResponseStatus",
    "ChatbotStreamEventType0",
    "ChatbotStreamEventType0Type",
    "ChatbotStreamEventType1",
    "ChatbotStreamEventType1Status",
    "Error",
    "ErrorStatus",
    "Filter",
    "FilterFilterItemsItem",
    "FilterSelectionMode",
    "RunChatbotResponse401",
    "RunChatbotResponse401Error",
    "TerminateChatbotSessionDataBody",
    "TerminateChatbotSessionFilesBody",
    "TerminateChatbotSessionJsonBody",
    "TerminateChatbotSessionResponse200",
    "TerminateChatbotSessionResponse200Status",
    "TerminateChatbotSessionResponse400",
    "TerminateChatbotSessionResponse400Status",
    "TerminateChatbotSessionResponse401",
    "TerminateChatbotSessionResponse401Error",
    "TerminateChatbotSessionResponse500",
    "TerminateChatbotSessionResponse500Status",
)
