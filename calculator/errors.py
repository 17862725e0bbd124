"""The one error type the calculator raises on bad input."""

from __future__ import annotations


class CalculatorError(ValueError):
    """Bad input to the calculator: an unknown jurisdiction or fact, a bad amount, type or date.

    ``field`` names the offending input (``facts.compute_spend``, ``jurisdiction``, ``on``) and
    ``str(error)`` is a complete message that says what to do. The CLI prints it and exits with 2.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
