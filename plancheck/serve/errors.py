"""The one error the service's handlers raise: an HTTP status and a Chinese message for the user."""
from __future__ import annotations


class ServiceError(Exception):
    """A request the service refuses; str() is the Chinese message, `status` the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
