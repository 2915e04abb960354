from enum import StrEnum


class TerminateChatbotSessionResponse500Status(StrEnum):
    FAILED = "failed"

    def __str__(self) -> str:
        return str(self.value)
