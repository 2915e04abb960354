from enum import StrEnum


class JobStatus(StrEnum):
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    FORWARDED = "FORWARDED"
    IN_PROGRESS = "IN_PROGRESS"
    NO_ANSWER = "NO_ANSWER"
    PENDING = "PENDING"
    TERMINATED = "TERMINATED"

    def __str__(self) -> str:
        return str(self.value)
