"""The one error the xAPI domain raises for data that breaks the specification."""


class XapiValidationError(ValueError):
    """A value that the xAPI 1.0.3 specification does not allow; the HTTP layer answers 400."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path
