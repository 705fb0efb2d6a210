"""The sandbox's account of its isolation and limits, in the reader's language.

The sandbox states what is in force in English (autograder.sandbox.isolation, .cgroups and the
workers join its phrases; code reads that text, e.g. a plain process is refused unless asked
for). The end screen of `grade`, summary.json and the class report show it through
`isolation_text()`, which translates it phrase by phrase: a phrase the catalogue does not know
stays English, so a new one shows up in tests/test_i18n.py rather than as a wrong sentence.
"""
from __future__ import annotations

import re
from functools import cache, partial

from autograder.i18n import DEFAULT_LANGUAGE, N_, gettext_for, language

__all__ = ["PHRASES", "SYSTEM_ERRORS", "isolation_text"]

# The phrases of the sandbox's text, longest first where one holds another; {fields} are numbers,
# versions or paths.
PHRASES = (
    N_("private read-only filesystem (Python, NumPy, Matplotlib, /usr)"),
    N_("own PID, IPC and mount namespaces per child, one network namespace for one child at a time"),
    N_("private /tmp and /dev/shm per child"),
    N_(" (in a user namespace: your own uid outside)"),
    N_("no filesystem or network isolation, daemons may escape the process-group kill"),
    N_("memory {memory} MB, {processes} processes and a fair CPU share for each student's whole "
       "process tree (cgroup v{version})"),
    N_("memory {memory} MB per process (RLIMIT_AS), {processes} processes per uid (RLIMIT_NPROC)"),
    N_("CPU {cpu} s, files {files} MB and {open} open files per process (rlimits), {seconds} s per call"),
    N_("; not per process tree: {reason}"),
    N_(" (uid 65534 cannot read {path}: modules not loaded with NumPy may fail to import)"),
    N_(" (not stronger because {reason})"),
    # why no cgroup holds the whole tree (autograder.sandbox.cgroups), inside {reason} above
    N_("no cgroup with the memory, pids and cpu controllers"),
    N_("no writable cgroup ({error})"),
    N_("cgroups unreadable ({error})"),
    N_("separate process group, rlimits, scratch copy"),
    N_("none (nothing graded)"),
    N_("fresh scratch copy"),
    N_("seccomp filter"),
    N_("separate session"),
    N_("no network"),
    N_("your own uid"),
    N_("uid 65534"),
    N_("; limits: "),
)
# The system's own words inside a cgroup reason ({error} above: os.strerror's, always English),
# those an instructor meets, translated; any other stays as the system says it.
SYSTEM_ERRORS = (N_("Permission denied"), N_("Operation not permitted"),
                 N_("Read-only file system"), N_("No such file or directory"),
                 N_("Device or resource busy"), N_("No space left on device"))
_FIELD = re.compile(r"\{(\w+)\}")
_VALUE = {"reason": r".+?(?=\)$|\)?;|$)", "path": r"\S+?",  # a field's text: a number unless said
          "error": r"[^()]+"}  # the system's own words (Permission denied): as the system says them


def isolation_text(text: str) -> str:
    """The sandbox's `text` in the language in force (as it is in English)."""
    lang = language()
    if lang == DEFAULT_LANGUAGE or not text:
        return text
    for pattern, translation in _patterns(lang):
        text = pattern.sub(partial(_filled, translation, lang), text)
    return text


def _filled(template: str, lang: str, match: re.Match[str]) -> str:
    """The translated phrase with the numbers (or paths, reasons) of the English one; the
    system's words translated where they are among SYSTEM_ERRORS."""
    def value(field: re.Match[str]) -> str:
        text = match.group(field.group(1))
        if field.group(1) == "error" and text in SYSTEM_ERRORS:
            return gettext_for(lang).gettext(text)
        return text
    return _FIELD.sub(value, template)


@cache
def _patterns(lang: str) -> list[tuple[re.Pattern[str], str]]:
    catalogue = gettext_for(lang)
    found = []
    for phrase in PHRASES:
        pattern, position = "", 0
        for field in _FIELD.finditer(phrase):
            pattern += re.escape(phrase[position:field.start()])
            name = field.group(1)
            pattern += f"(?P<{name}>{_VALUE.get(name, r'[0-9.]+')})"
            position = field.end()
        found.append((re.compile(pattern + re.escape(phrase[position:])), catalogue.gettext(phrase)))
    return found
