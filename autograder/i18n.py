"""The language the kit speaks: English or Korean, from gettext catalogues read with Babel.

Messages are written in English in the code and in the data files (the English text is the
msgid); `autograder/locale/ko/LC_MESSAGES/autograder.po` holds their Korean. The catalogue is
compiled in memory the first time a message is looked up, so a plain `pip install -e .` and the
student bundle need no build step. The language is, in order: `set_language()` (the commands'
`--lang`), the `AUTOGRADER_LANG` environment variable, the locale (`LC_ALL`, `LC_MESSAGES`,
`LANG`), else English. Without Babel every message stays English.
"""
from __future__ import annotations

import gettext
import io
import os
import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from pathlib import Path

__all__ = ["DEFAULT_LANGUAGE", "ENVIRONMENT_VARIABLE", "LANGUAGES", "LOCALE_DIR", "N_", "_", "gettext_for",
           "columns", "language", "ngettext", "pad", "resolve_language", "set_language", "translated",
           "using_language"]

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"
ENVIRONMENT_VARIABLE = "AUTOGRADER_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first one set decides
DOMAIN = "autograder"
LOCALE_DIR = Path(__file__).with_name("locale")

_chosen: str | None = None


def resolve_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: `explicit`, else AUTOGRADER_LANG, else the locale, else English."""
    environ = os.environ if environ is None else environ
    for candidate in (explicit, environ.get(ENVIRONMENT_VARIABLE)):
        if candidate:
            return _supported(candidate) or DEFAULT_LANGUAGE
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            return _supported(value) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def _supported(value: str) -> str | None:
    """'ko', 'ko_KR.UTF-8', 'KO-kr' give 'ko'; 'C', 'POSIX' and unknown languages give None."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def set_language(choice: str | None) -> str:
    """Speak `choice` from now on (None: back to the environment's choice); return the language."""
    global _chosen
    if choice is not None and _supported(choice) is None:
        raise ValueError(f"unknown language {choice!r}: choose one of {', '.join(LANGUAGES)}")
    _chosen = None if choice is None else _supported(choice)
    return language()


def language() -> str:
    """The language in force."""
    return _chosen or resolve_language()


class using_language:  # noqa: N801 - used as `with using_language("ko"):`
    """A block of code that speaks `choice`, then the language before it."""

    def __init__(self, choice: str | None) -> None:
        self.choice = choice
        self.before: str | None = None

    def __enter__(self) -> str:
        self.before = _chosen
        return set_language(self.choice) if self.choice else language()

    def __exit__(self, *exc: object) -> None:
        set_language(self.before)


@cache
def gettext_for(lang: str) -> gettext.NullTranslations:
    """The translations of one language, compiled from its .po catalogue (English: none)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT_LANGUAGE or not po.is_file():
        return gettext.NullTranslations()
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # Babel is a dependency; without it the kit still works, in English
        return gettext.NullTranslations()
    with po.open("rb") as file:
        catalog = read_po(file, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """`message` in the language in force (as it is when the catalogue has no translation)."""
    if not message:
        return message
    return gettext_for(language()).gettext(message)


def translated(text: str) -> str:
    """An English text made by filling a template (a difference, a mutant's title, a headline) in
    the language in force: the catalogue's own translation, else the template it was filled from
    (a catalogue msgid with {fields}), its fields translated in turn; else `text` as it is.

    A filled template is looked for only where its fields would hold at most MAX_FIELD_CHARS
    characters in all: a field can hold a student's text (a zip entry's name, up to 65,535
    characters), and matching the templates' lazy fields costs up to the cube of the text's
    length, then translates their fields a level per template found (a chain of the catalogue's
    sentences stopped a class run with RecursionError; a name built to backtrack, hours)."""
    lang = language()
    if not text or lang == DEFAULT_LANGUAGE:
        return text
    catalogue = gettext_for(lang)
    exact = catalogue.gettext(text)
    if exact != text:
        return exact
    for pattern, translation, literal in _templates(lang):
        if len(text) - literal > MAX_FIELD_CHARS:
            continue  # no field of the kit's is that long: a student's text, not worth the matching
        match = pattern.fullmatch(text)
        if match:
            return _fill(translation, {name: translated(value) for name, value in match.groupdict().items()})
    return text


def _fill(template: str, fields: dict[str, str]) -> str:
    """`template` with its {fields} replaced by the (already formatted) texts."""
    return _FIELD.sub(lambda field: fields.get(field.group(1), field.group(0)), template)


# What the fields of one filled template may hold in all for it to be looked for: the kit's
# longest is an exception of the student's (type, message and line: at most 880 characters).
MAX_FIELD_CHARS = 1000
_NUMBER = r"[-+]?[\d.]+(?:e[-+]?\d+)?(?:/[\d.]+)?"
# What some fields hold, wherever they are used: a filled text is matched only where they fit.
FIELD_PATTERNS = {**dict.fromkeys(("n", "count", "size", "sum", "gap", "low", "high", "amount", "ratio",
                                   "relative", "points", "score", "total", "failed"), _NUMBER),
                  "word": "nan and inf|nan|inf", "position": "(?:in |from the ).+?"}
_FIELD = re.compile(r"\{(\w+)(?:![rs])?(?::[^{}]*)?\}")


@cache
def _templates(lang: str) -> list[tuple[re.Pattern[str], str, int]]:
    """The catalogue's translated messages with {fields}, as patterns that match a filled one,
    and the length of their literal text: the most specific (the most literal letters) first."""
    catalogue = gettext_for(lang)
    found = []
    for message_id in getattr(catalogue, "_catalog", {}):
        if not isinstance(message_id, str) or "{" not in message_id:
            continue
        literal = _FIELD.sub("", message_id)
        names = {field.group(1) for field in _FIELD.finditer(message_id)}
        if sum(c.isalpha() for c in literal) < 2 and not names & FIELD_PATTERNS.keys():
            continue  # "{a}: {b}" would match anything
        pattern, seen, position = "", set(), 0
        for field in _FIELD.finditer(message_id):
            pattern += re.escape(message_id[position:field.start()].replace("{{", "{").replace("}}", "}"))
            name = field.group(1)
            pattern += f"(?P={name})" if name in seen else f"(?P<{name}>{FIELD_PATTERNS.get(name, '.+?')})"
            seen.add(name)
            position = field.end()
        pattern += re.escape(message_id[position:].replace("{{", "{").replace("}}", "}"))
        found.append((len(literal), re.compile(pattern, re.DOTALL), catalogue.gettext(message_id)))
    found.sort(key=lambda item: -item[0])
    return [(pattern, translation, length) for length, pattern, translation in found]


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined; translate it with `_()` where shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the language in force."""
    return gettext_for(language()).ngettext(singular, plural, n)


def columns(text: str) -> int:
    """How many columns `text` takes in a terminal or a monospace font: Hangul takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """`text` padded with spaces to `width` columns, aligned to the left (or to the `right`)."""
    space = " " * max(0, width - columns(text))
    return space + text if right else text + space
