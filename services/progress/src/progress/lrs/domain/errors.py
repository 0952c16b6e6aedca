"""The one error the xAPI domain raises for data that breaks the specification."""


class XapiValidationError(ValueError):
    """A value that the xAPI 1.0.3 specification does not allow; the HTTP layer answers 400."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path


class StatementConflict(Exception):
    """A statement id already stored with different content (HTTP 409, Communication 2.1.1)."""

    def __init__(self, statement_id: str) -> None:
        super().__init__(f"statement {statement_id} is already stored with different content")
        self.statement_id = statement_id


class Refused(Exception):
    """A request the LRS answers with an error status and the rule it breaks (400, 403, 404,
    409, 412, 413), in the xAPI error format."""

    def __init__(self, status: int, message: str, rule: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.rule = rule
