"""The one error type the calculator raises on bad input."""

from __future__ import annotations

CLIP = 60  # characters of a value echoed back in a message


class CalculatorError(ValueError):
    """Bad input to the calculator: an unknown jurisdiction or fact, a bad amount, type or date.

    ``field`` names the offending input (``facts.compute_spend``, ``jurisdiction``, ``on``) and
    ``str(error)`` is a complete message that says what to do. The CLI prints it and exits with 2.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


def printable(text: str) -> str:
    """``text`` on one line: characters that do not print (a newline, NUL, a right-to-left override)
    written as escapes (``\\n``)."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def clip(text: str, limit: int = CLIP) -> str:
    """Input as a message echoes it: :func:`printable`, and cut to ``limit`` characters, ending in ``…``."""
    shown = printable(text[: limit + 1])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
