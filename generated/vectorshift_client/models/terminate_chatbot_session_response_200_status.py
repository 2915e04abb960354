from enum import StrEnum


class TerminateChatbotSessionResponse200Status(StrEnum):
    FAILED = "failed"
    SUCCESS = "success"

    def __str__(self) -> str:
        return str(self.value)
