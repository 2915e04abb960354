from enum import StrEnum


class TerminateChatbotSessionResponse400Status(StrEnum):
    FAILED = "failed"

    def __str__(self) -> str:
        return str(self.value)
