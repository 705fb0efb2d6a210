"""Text from submissions made safe to print on a terminal: no control characters, no lone surrogates.

A student's file name, output or exception message can hold ANSI escapes (`\x1b[2J` clears the
instructor's screen), carriage returns that overwrite a line, bidirectional overrides that
reorder it, or bytes that are not UTF-8. Everything the command line prints from a submission
goes through `printable`, which writes these as visible escapes. `shortened` cuts a text shown
in a message, a plot or a title to a length.
"""
from __future__ import annotations

import re

__all__ = ["printable", "shortened"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with control characters and bytes that are not UTF-8 written as escapes (`\\x1b`).

    With `keep_newlines`, line breaks stay (for messages of several lines).
    """
    text = _SURROGATE.sub(_escape_surrogate, text)

    def escape(match: re.Match[str]) -> str:
        character = match.group()
        if keep_newlines and character == "\n":
            return character
        return character.encode("unicode_escape").decode("ascii")

    return _CONTROL.sub(escape, text)


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode gives it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def shortened(text: str, limit: int) -> str:
    """`text`, or its start and "..." in `limit` characters where it is longer."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
