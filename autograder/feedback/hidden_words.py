"""What a hidden check may say about a failure: the kit's words, none of the values they were filled with.

A hidden check's message and difference are kit templates ("returned an array of shape {shape},
expected shape {expected}", "the expected value plus {amount} in every element") filled with
what the student's function returned. The student chooses that value after seeing the hidden
input: a shape of (int(x[0] * 1e6), 0), an offset, a row sum or a class name carries the input
back in the feedback. `words_only` keeps a template's own words and puts "..." for every value it
was filled with (a value that is itself a filled template keeps its words in turn), so a hidden
check says what kind of difference it found and nothing the student could have chosen. A text
that is no template of the kit is none of its words: it says only that the answer is wrong
(`UNDESCRIBED`). Its letters are the student's to choose as much as its numbers: a class named
after the hidden input's digits, cut where the student put a colon, was shown whole (round 12).
"""
from __future__ import annotations

import re
from functools import cache

from autograder.feedback.difference import ORDINALS
from autograder.i18n import FIELD_PATTERNS, N_, gettext_for, specific

__all__ = ["HIDDEN_VALUE", "UNDESCRIBED", "words_only"]

HIDDEN_VALUE = "..."  # what stands for a value (matches a number field when translated)
CATALOGUE_LANGUAGE = "ko"  # any catalogue: its message ids are the kit's English templates
_FIELD = re.compile(r"\{(\w+)(?:![rs])?(?::[^{}]*)?\}")
_HERE = re.compile(r" \(here [^()]*\)")  # a hidden check's difference is kept without it
UNDESCRIBED = N_("the answer is not the expected one")  # what a text no template matches says
MAX_DEPTH = 4
CHOSEN_WORDS = ("type", "dtype")  # fields holding a name the student chose (a class, a dtype)


@cache
def _templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Every message id with fields, as a pattern matching it filled (and once more without its
    "(here ...)" part): the most specific (the most literal characters) first."""
    catalogue = getattr(gettext_for(CATALOGUE_LANGUAGE), "_catalog", {})
    found: list[tuple[int, re.Pattern[str], str]] = []
    for message_id in catalogue:
        if not isinstance(message_id, str) or "{" not in message_id:
            continue
        for template in dict.fromkeys((message_id, _HERE.sub("", message_id))):
            literal = _FIELD.sub("", template)
            if not specific(template):
                continue
            pattern, seen, position = "", set(), 0
            for field in _FIELD.finditer(template):
                pattern += re.escape(_unescaped(template[position:field.start()]))
                name = field.group(1)
                pattern += (f"(?P={name})" if name in seen
                            else f"(?P<{name}>{FIELD_PATTERNS.get(name, '.+?')})")
                seen.add(name)
                position = field.end()
            pattern += re.escape(_unescaped(template[position:]))
            found.append((len(literal), re.compile(pattern, re.DOTALL), template))
    found.sort(key=lambda item: -item[0])
    return tuple((pattern, template) for _, pattern, template in found)


@cache
def _literals() -> frozenset[str]:
    """The message ids without fields: the kit's own sentences, kept as they are."""
    catalogue = getattr(gettext_for(CATALOGUE_LANGUAGE), "_catalog", {})
    return frozenset(m for m in catalogue if isinstance(m, str) and "{" not in m)


def _unescaped(text: str) -> str:
    return text.replace("{{", "{").replace("}}", "}")


def words_only(text: str) -> str:
    """`text` with every value a kit template was filled with replaced by "..."."""
    return _words_only(text, 0) if text else text


def _words_only(text: str, depth: int) -> str:
    if text in _literals():
        return text
    if depth < MAX_DEPTH:
        for pattern, template in _templates():
            match = pattern.fullmatch(text)
            if match:
                values = {name: HIDDEN_VALUE if name in CHOSEN_WORDS else _field(value, depth + 1)
                          for name, value in match.groupdict().items()}
                return _filled(template, values)
    return UNDESCRIBED if depth == 0 else HIDDEN_VALUE


def _filled(template: str, values: dict[str, str]) -> str:
    return _FIELD.sub(lambda field: values.get(field.group(1), HIDDEN_VALUE), template)


def _field(value: str, depth: int) -> str:
    """A field's value: its words if it is itself a filled template or a sentence of the kit,
    else "..." (an ordinal, "third row", is a position the student's output chose: round 11)."""
    if value in _literals() and value not in ORDINALS:
        return value
    if depth < MAX_DEPTH and any(pattern.fullmatch(value) for pattern, _ in _templates()):
        return _words_only(value, depth)
    return HIDDEN_VALUE
