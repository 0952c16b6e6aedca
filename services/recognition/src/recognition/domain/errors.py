"""Domain errors the API maps to HTTP answers (each names what was wrong)."""

from __future__ import annotations


class RecognitionError(Exception):
    """Base of recognition's domain errors."""


class InsufficientPoints(RecognitionError):
    """A redemption or debit larger than the balance (the API answers 409)."""

    def __init__(self, *, balance: int, requested: int) -> None:
        super().__init__(f"the balance is {balance} points; {requested} are needed")
        self.balance = balance
        self.requested = requested
