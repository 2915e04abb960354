from enum import StrEnum


class ErrorStatus(StrEnum):
    FAILED = "failed"

    def __str__(self) -> str:
        return str(self.value)
