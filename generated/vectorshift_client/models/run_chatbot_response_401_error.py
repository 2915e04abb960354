from enum import StrEnum


class RunChatbotResponse401Error(StrEnum):
    INVALID_API_KEY = "Invalid API key"
    INVALID_AUTHORIZATION_HEADER_FORMAT = "Invalid authorization header format"
    MISSING_AUTHORIZATION_HEADER = "Missing authorization header"

    def __str__(self) -> str:
        return str(self.value)
