from enum import StrEnum


class ListSessionsType(StrEnum):
    ACTIVE = "active"
    HISTORIC = "historic"

    def __str__(self) -> str:
        return str(self.value)
