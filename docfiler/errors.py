"""Errors a user can act on. Every message is Chinese and says what is wrong and how to fix it."""


class DocfilerError(Exception):
    """Base class: the message is shown to the clerk as is."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(DocfilerError):
    pass


class NotFoundError(DocfilerError):
    pass


class ValidationError(DocfilerError):
    pass


class GateError(DocfilerError):
    """A procedure step is refused because an earlier step is missing."""

    def __init__(self, message: str, missing: list[str] | None = None):
        super().__init__(message)
        self.missing = missing or []


class ConflictError(DocfilerError):
    """Someone else changed the record since it was read."""
