from enum import StrEnum


class ChatbotStreamEventType0Type(StrEnum):
    STREAM = "stream"

    def __str__(self) -> str:
        return str(self.value)
