"""What a sandbox states about itself, its isolation and the limits in force, as data.

An `Account` is a sequence of parts, each a `Phrase` (a catalogue template, marked with N_ where
the sandbox writes it, and the values of its {fields}) or plain text no catalogue translates (a
mode's name, a path, a launcher's own error). The sandbox builds it (autograder.sandbox.isolation
and .cgroups; the grading workers add the limits in force); every reader renders it in its own
language with `shown`: the end screen, summary.json and the class report. A submission's results
keep it as JSON (`to_json`, `from_json`) beside its English text (`english`), so a gradebook built
from kept results says it in the language of the run that shows it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Union

from autograder.i18n import N_, _

__all__ = ["Account", "Phrase", "english", "from_json", "phrase", "shown", "system_words",
           "to_json"]

Part = Union["Phrase", str]
Account = tuple[Part, ...]

# The system's own words (os.strerror's, always English) that an instructor meets in a reason
# why no cgroup holds the tree: translated; any other stays as the system says it.
SYSTEM_ERRORS = (N_("Permission denied"), N_("Operation not permitted"),
                 N_("Read-only file system"), N_("No such file or directory"),
                 N_("Device or resource busy"), N_("No space left on device"))


@dataclass(frozen=True)
class Phrase:
    """A catalogue template and the values of its fields (each an account of its own)."""

    template: str
    values: tuple[tuple[str, Account], ...] = ()


def phrase(template: str, **values: object) -> Phrase:
    """`template` (an N_() msgid) with its fields: numbers and text as they are, phrases and
    accounts rendered in the reader's language."""
    return Phrase(template, tuple((name, _as_account(value)) for name, value in values.items()))


def system_words(text: str) -> Part:
    """The system's words (an os.strerror text): a phrase where the catalogue knows them."""
    return Phrase(text) if text in SYSTEM_ERRORS else text


def english(account: Account) -> str:
    return _render(account, str)


def shown(account: Account) -> str:
    """The account in the language in force."""
    return _render(account, _)


def to_json(account: Account) -> list:
    return [part if isinstance(part, str) else
            {"template": part.template, "values": {k: to_json(v) for k, v in part.values}}
            for part in account]


def from_json(data: Any) -> Account:
    """An account kept by `to_json`; a text (a result kept before accounts) is plain text."""
    if isinstance(data, str):
        return (data,) if data else ()
    if not isinstance(data, list):
        raise ValueError(f"not an account: {data!r:.80}")
    parts: list[Part] = []
    for part in data:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("template"), str) and isinstance(
                part.get("values", {}), dict):
            parts.append(Phrase(part["template"], tuple(
                (str(k), from_json(v)) for k, v in part.get("values", {}).items())))
        else:
            raise ValueError(f"not a part of an account: {part!r:.80}")
    return tuple(parts)


def _as_account(value: object) -> Account:
    if isinstance(value, Phrase):
        return (value,)
    if isinstance(value, tuple):
        return value
    if isinstance(value, float):
        return (f"{value:g}",)
    return (str(value),)


def _render(account: Sequence[Part], translate: Callable[[str], str]) -> str:
    return "".join(part if isinstance(part, str) else translate(part.template).format(
        **{name: _render(value, translate) for name, value in part.values}) for part in account)
