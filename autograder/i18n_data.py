"""The messages of the data files, for the catalogues: which TOML fields a reader sees.

The data files stay English (their text is the msgid); this module lists the fields that are
shown to students and instructors, for Babel's extraction (`pybabel extract -F babel.cfg`, with
`extract_toml` as the extractor of the `toml` method) and for the test that every message has
its Korean. Texts are taken with their surrounding blank lines stripped, as they are shown.
"""
from __future__ import annotations

import ast
import io
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["MESSAGE_FIELDS", "data_messages", "extract_python", "extract_toml"]

# file name -> (table of the entries, the fields of each entry that a reader sees)
MESSAGE_FIELDS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "mistakes.toml": [("mistake", ("title", "explanation", "hint"))],
    "rubric.toml": [("check", ("name", "hint"))],
    "explanations.toml": [("module", ("title", "intro")), ("function", ("text",)),
                          ("figure", ("text",))],
}


# Python 3.11 reads an f-string as one token, so Babel's extractor misses the calls of _ inside one
CALL_IN_FSTRING = re.compile(r"""(?<![\w.])(?:_|_p|N_)\((?P<q>['"])(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)\)""")
PLOT_KEYWORDS = ("_p",)  # plot labels: autograder.feedback.plot_text.plot_gettext


def data_messages(path: Path, text: str | None = None) -> Iterator[tuple[str, str]]:
    """(where, message) for every message of one data file, `where` naming entry and field."""
    data = tomllib.loads(path.read_text(encoding="utf-8") if text is None else text)
    for table, fields in MESSAGE_FIELDS.get(path.name, []):
        entries: Any = data.get(table, [])
        items = entries.items() if isinstance(entries, dict) else (
            (entry.get("id", str(number)), entry) for number, entry in enumerate(entries))
        for key, entry in items:
            for name in fields:
                message = str(entry.get(name, "")).strip()
                if message:
                    yield f"{table}.{key}.{name}", message


def extract_toml(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                 options: dict) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extractor interface: (line number, function, message, comments) per message."""
    text = fileobj.read().decode("utf-8")
    name = Path(getattr(fileobj, "name", "data.toml")).name
    for where, message in data_messages(Path(name), text):
        first_line = message.splitlines()[0]
        line = next((n for n, row in enumerate(text.splitlines(), 1) if first_line in row), 0)
        yield line, None, message, [where]


def extract_python(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                   options: Any) -> Iterator[tuple[int, Any, Any, list[str]]]:
    """Babel's Python extractor, plus `_p()` (plot labels) and the calls inside f-strings."""
    from babel.messages.extract import extract_python as babel_extract_python

    source = fileobj.read()
    found = set()
    names: Any = [*keywords, *PLOT_KEYWORDS]  # Babel's extractor only asks `name in keywords`
    extracted: Any = babel_extract_python(io.BytesIO(source), names, comment_tags, options)
    for line, function, message, comments in extracted:
        found.add(message)
        yield line, "_" if function in PLOT_KEYWORDS else function, message, comments
    for number, row in enumerate(source.decode("utf-8").splitlines(), 1):
        for match in CALL_IN_FSTRING.finditer(row):
            message = ast.literal_eval(match.group("q") + match.group("text") + match.group("q"))
            if message not in found:
                found.add(message)
                yield number, "_", message, []
