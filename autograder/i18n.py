"""The language the kit speaks: English or Korean, from gettext catalogues read with Babel.

Messages are written in English in the code and in the data files (the English text is the
msgid); `autograder/locale/ko/LC_MESSAGES/autograder.po` holds their Korean. The catalogue is
compiled in memory the first time a message is looked up, so a plain `pip install -e .` and the
student bundle need no build step. The language is, in order: `set_language()` (the commands'
`--lang`), the `AUTOGRADER_LANG` environment variable, the locale (`LC_ALL`, `LC_MESSAGES`,
`LANG`), else English. Without Babel every message stays English.

Korean particles. A Korean template writes a particle after a field in its paired form, both
spellings at once: `{path}을(를)`, `{name}이(가)`, `{folder}은(는)`, `%s와(과)`, `{type}(으)로`,
`{x}(이)라`, for the field's value decides which is right. `particles()` makes the choice once the
template is filled: each paired form (PAIRED_PARTICLES: 을/를, 은/는, 이/가, 과/와 in either order,
and `(으)` or `(이)` before a syllable) becomes the form the word before it takes, by that word's
final sound: a Hangul syllable's final consonant (batchim), else the pronunciation in
FINAL_SOUNDS of its last letters or digit as a Korean reader says them: digits by their Korean
names (0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant; 2 이, 4 사, 5 오, 9 구 do not; a
number ending in 0 is read 영, 십, 백, 천 or 만, all with one), a Latin letter by its English
name (x 엑스, b 비, d 디: a vowel), except l 엘, m 엠, n 엔, r 알; and a few word endings as the
word is read (-er, -or ... 어, None 논, name 네임, -ng 응). `(으)로` after ㄹ is 로, like a vowel. A
closing bracket, quote, backtick or HTML end tag is looked through (`np.min()` ends in n); where
the sound cannot be told (a space, "...", punctuation) the paired form is left as it is.
Particles are chosen only in Korean: in `translated()` after `_fill`, and in `.format()` and `%`
of the Korean catalogue's messages that have a paired form (a `KoreanTemplate`, which is what
`_`, `ngettext`, the plots' and argparse's lookups return for them); English never changes.
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
from typing import Any

__all__ = ["DEFAULT_LANGUAGE", "ENVIRONMENT_VARIABLE", "FINAL_SOUNDS", "KOREAN", "LANGUAGES", "LOCALE_DIR",
           "N_", "PAIRED_PARTICLES", "KoreanTemplate", "_", "columns", "gettext_for", "language", "ngettext",
           "pad", "particles", "resolve_language", "set_language", "translated", "using_language"]

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"
KOREAN = "ko"
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
    return _KoreanCatalogue(compiled) if lang == KOREAN else gettext.GNUTranslations(compiled)


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
            filled = _fill(translation, {n: translated(v) for n, v in match.groupdict().items()})
            return particles(filled) if lang == KOREAN else filled
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


def specific(template: str) -> bool:
    """Whether a filled `template` can be told from any text: "{a}: {b}" would match anything,
    "{word} {position}" only what its fields' FIELD_PATTERNS allow."""
    literal = _FIELD.sub("", template)
    names = {field.group(1) for field in _FIELD.finditer(template)}
    return sum(c.isalpha() for c in literal) >= 2 or bool(names & FIELD_PATTERNS.keys())


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
        if not specific(message_id):
            continue
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


# The final sound of a word's last letters or digit, as a Korean reader says them: "" for a vowel,
# else the final consonant; the longest ending listed decides ("er" before "r"). Digits by their
# Korean names; Latin letters by their English names (x 엑스: a vowel), save l 엘, m 엠, n 엔, r 알;
# a few endings as a word is read (TypeError 에러, None 논, name 네임, --lang 랭; png 피엔지).
FINAL_SOUNDS: dict[str, str] = {
    "0": "ㅇ", "1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ", "9": "",
    **dict.fromkeys("abcdefghijkopqstuvwxyz", ""), "l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "r": "ㄹ",
    **dict.fromkeys(("ar", "er", "ir", "or", "ur"), ""), "me": "ㅁ", "ne": "ㄴ", "ng": "ㅇ", "png": "",
}
# The particles a template writes in both forms: the form after a final consonant first.
PAIRED_PARTICLES = (("을", "를"), ("은", "는"), ("이", "가"), ("과", "와"))
_PAIRED = re.compile("|".join(f"{a}\\({b}\\)|{b}\\({a}\\)" for a, b in PAIRED_PARTICLES)
                     + r"|\((?:으|이)\)(?=[가-힣])")
_LOOKED_THROUGH = re.compile(r"(?:</\w+>|\(\)|\[\]|[)\]}\"'`’”])+$")  # np.min(), `x`, <code>x</code>
_WORD_END = re.compile(r"[A-Za-z0-9]{1,3}$")
_BATCHIM = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
_LOOK_BACK = 200  # characters before a particle looked at: enough for any word, little for a long text


def particles(text: str) -> str:
    """Korean `text` with each paired particle form (`x을(를)`, `list(으)로`) made the one its word
    takes: `x를`, `list로` (see the module's docstring); a form after an undecidable sound stays."""

    def chosen(paired: re.Match[str]) -> str:
        before = _LOOKED_THROUGH.sub("", text[max(0, paired.start() - _LOOK_BACK):paired.start()])
        last = before[-1:]
        if "가" <= last <= "힣":
            final = (ord(last) - ord("가")) % 28
            sound: str | None = _BATCHIM[final - 1] if final else ""
        else:
            ending = _WORD_END.search(before)
            word = ending.group(0).lower() if ending else ""
            sound = next((FINAL_SOUNDS[word[i:]] for i in range(len(word)) if word[i:] in FINAL_SOUNDS), None)
        if sound is None:
            return paired.group(0)
        form = paired.group(0)
        if form.startswith("("):  # (으)로, (이)라: the vowel only after a consonant (으 not after ㄹ)
            vowel = form[1]
            return vowel if sound and not (vowel == "으" and sound == "ㄹ") else ""
        with_batchim, without = next(pair for pair in PAIRED_PARTICLES if form[0] in pair)
        return with_batchim if sound else without

    return _PAIRED.sub(chosen, text) if "(" in text else text


class KoreanTemplate(str):
    """A Korean catalogue message with a paired particle form: filled by `.format()`,
    `.format_map()` or `%`, it gives a plain str with its particles chosen by `particles()`."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        return particles(str.format(self, *args, **kwargs))

    def format_map(self, mapping: Any, /) -> str:
        return particles(str.format_map(self, mapping))

    def __mod__(self, values: object) -> str:
        return particles(str.__mod__(self, values))


def _with_particles(text: str) -> str:
    """`text` as a KoreanTemplate if it has a paired particle form (argparse looks up None too)."""
    return KoreanTemplate(text) if isinstance(text, str) and _PAIRED.search(text) else text


class _KoreanCatalogue(gettext.GNUTranslations):
    """The Korean catalogue: its messages with a paired particle form are KoreanTemplates."""

    def gettext(self, message: str) -> str:
        return _with_particles(super().gettext(message))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return _with_particles(super().ngettext(msgid1, msgid2, n))


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
