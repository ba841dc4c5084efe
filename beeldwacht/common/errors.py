"""Errors that services raise for the user to read. The message is already translated, so a
view shows it as it is and a command prints it and exits non-zero."""


class DomainError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PermissionDenied(DomainError):
    pass


class InvalidInput(DomainError):
    pass
