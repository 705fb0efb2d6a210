"""The files of a grading run: per-student results and feedback, the gradebook, the summary."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder.diagnosis import titles as diagnosis_titles
from autograder.i18n import N_, _, translated
from autograder.kit import current_assignment, load_exercises
from autograder.results import GradingResult
from autograder.sandbox.account import Account, english, from_json, shown, to_json

__all__ = ["GRADED", "NOT_GRADED", "StudentRecord", "gradescope_results", "mistake_of",
           "read_record", "record_from_results", "results_text", "summarise", "ungraded_results",
           "write_atomically", "write_gradebook", "write_summary"]

HIDDEN_FAILURE = N_("A hidden check with random inputs failed.")
# Gradescope shows every text of results.json as it is, never as HTML or Markdown: a student's
# exception text (`<img src=...>`) in a test's output must not render on anyone's results page.
PLAIN_TEXT = {"output_format": "text", "test_output_format": "text", "test_name_format": "text"}
NOTHING_GRADED = N_("none (nothing graded)")  # the isolation of a run that graded nobody
# The status column of grades.csv: a key, the same in every language (merge and scripts read it);
# status_text says it in the class's language, as reason does.
GRADED, NOT_GRADED = "graded", "not graded"
STATUS_TEXT = {GRADED: N_("graded"), NOT_GRADED: N_("not graded")}


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that a crash or kill -9 never leaves a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="backslashreplace", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def gradescope_results(result: GradingResult, *, student: str, content_hash: str,
                       rubric_hash: str) -> dict:
    """The submission's result in Gradescope's results.json format: the one form of a graded
    submission, written by `autograder grade` and uploaded as it is by the Gradescope run.

    Only keys Gradescope knows; what the kit adds (the check, the function, the recognised
    mistake, the hashes that decide a re-grade) is in `extra_data`.
    """
    tests = []
    told: set[str] = set()  # a module that could not be imported is told once, then referred to
    for check in result.checks():
        cause = "" if check.failure is None else check.failure.cause
        if check.passed:
            output = ""
        elif cause.startswith("import:") and cause in told:
            output = (_(HIDDEN_FAILURE) + "\n" if check.visibility == "hidden" else "") + _(
                "its module could not be imported: the first failed test of the module says why")
        elif check.visibility == "hidden":  # what went wrong, never the check's own inputs
            output = _(HIDDEN_FAILURE) + "\n" + check.message
        else:
            output = check.failure.describe() if check.failure is not None else ""
        told.add(cause)
        tests.append({"name": f"{check.function}: {_(check.name)}", "score": check.score,
                      "max_score": check.max_score, "output": output,
                      "visibility": "visible" if check.visibility == "public" else "after_published",
                      "status": "passed" if check.passed else "failed", "tags": [check.function],
                      "extra_data": {"check_id": check.id, "function": check.function,
                                     "mistake": None if check.failure is None else check.failure.mistake}})
    output = _("Total: {score} / {total}").format(score=f"{result.total:g}",
                                                  total=f"{result.max_total:g}") + "."
    if result.problems:
        output += "\n" + "\n".join(translated(problem) for problem in result.problems)
    return {"score": result.total, "execution_time": round(result.public_seconds, 3), "output": output,
            **PLAIN_TEXT, "tests": tests,
            "extra_data": {"student": student, "max_score": result.max_total,
                           "content_hash": content_hash, "rubric_hash": rubric_hash,
                           "isolation": english(result.isolation),
                           "isolation_account": to_json(result.isolation)}}


def ungraded_results(message: str, seconds: float) -> dict:
    """The results.json of a submission that could not be graded: no points, and why."""
    return {"score": 0.0, "execution_time": round(seconds, 3), "output": message, **PLAIN_TEXT,
            "tests": []}


def mistake_of(test: dict) -> str | None:
    """The recognised mistake of one test of results.json."""
    extra = test.get("extra_data")
    return (extra.get("mistake") if isinstance(extra, dict) else None) or test.get("mistake")


def results_text(results: dict) -> str:
    """results.json as text: one test per line, readable and fast to write (NumPy-free JSON)."""
    head = {key: value for key, value in results.items() if key != "tests"}
    tests = ",\n  ".join(json.dumps(test, allow_nan=False) for test in results["tests"])
    return json.dumps(head, allow_nan=False)[:-1] + ',\n "tests": [\n  ' + tests + "\n ]\n}\n"


@dataclass
class StudentRecord:
    """What the gradebook and the summary need of one graded student."""

    student: str
    total: float
    max_total: float
    functions: dict[str, tuple[float, float]]  # function: (score, max_score)
    mistakes: list[tuple[str, str]] = field(default_factory=list)  # (mistake id, function)
    seconds: float = 0.0
    content_hash: str = ""
    rubric_hash: str = ""
    isolation: Account = ()  # what the sandbox isolated (autograder.sandbox.account)


def record_from_results(student: str, data: dict) -> StudentRecord:
    functions: dict[str, tuple[float, float]] = {}
    mistakes: list[tuple[str, str]] = []
    for test in data["tests"]:
        function = test["extra_data"]["function"]
        score, top = functions.get(function, (0.0, 0.0))
        functions[function] = (score + float(test["score"]), top + float(test["max_score"]))
        mistake = mistake_of(test)
        if mistake and (mistake, function) not in mistakes:
            mistakes.append((mistake, function))
    extra = data.get("extra_data", {})
    return StudentRecord(student, float(data["score"]),
                         float(extra.get("max_score", sum(t for _, t in functions.values()))),
                         functions, mistakes, float(data.get("execution_time", 0.0)),
                         extra.get("content_hash", ""), extra.get("rubric_hash", ""),
                         from_json(extra.get("isolation_account", extra.get("isolation", ""))))


def read_record(folder: Path) -> StudentRecord | None:
    """The record of `folder/results.json`, or None when there is none readable."""
    try:
        data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
        return record_from_results(folder.name, data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def inert_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: an entry of SUBMISSIONS that is not a student id keeps
    its own name in grades.csv, and a name such as =HYPERLINK(...) or =WEBSERVICE(...) would
    run as a formula where the instructor opens the file (OWASP's CSV injection): it gets a
    leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_gradebook(path: Path, records: list[StudentRecord], problems: list[dict] | None = None) -> None:
    """grades.csv: student, total, max_total, one column per function in contract order, then
    status, reason and status_text. Every entry of SUBMISSIONS has a row: the ones not graded
    have empty scores, the status "not graded" and the reason. The column names and status are
    keys, the same in every language; reason and status_text are in the language in force."""
    functions = [e.function for e in load_exercises()]
    rows: list[list[str]] = [[record.student, f"{record.total:g}", f"{record.max_total:g}",
             *(f"{record.functions.get(f, (0.0, 0.0))[0]:g}" for f in functions), GRADED, "",
             _(STATUS_TEXT[GRADED])] for record in records]
    rows += [[inert_cell(problem["student"]), "", "", *("" for _ in functions), NOT_GRADED,
              inert_cell(translated(problem["message"])), _(STATUS_TEXT[NOT_GRADED])]
             for problem in problems or []]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "total", "max_total", *functions, "status", "reason", "status_text"])
    rows.sort(key=lambda row: row[0])
    writer.writerows(rows)
    write_atomically(path, buffer.getvalue())


def _distribution(percentages: list[float]) -> list[dict]:
    counts = [0] * 10
    for value in percentages:
        counts[min(int(value // 10), 9) if value > 0 else 0] += 1
    return [{"range": f"{10 * i}-{10 * i + 10}", "students": n} for i, n in enumerate(counts)]


def summarise(records: list[StudentRecord], problems: list[dict], *, students: int,
              seconds: float, jobs: int) -> dict:
    """summary.json: the assignment, counts, mean and median, pass rates, mistakes, the slowest,
    time, isolation.
    Keys and ids stay as they are; what a person reads (the mistakes' titles, why an entry was
    not graded, the isolation) is in the language in force. The isolation is that of every
    sandbox the records' grades came from (kept grades may come from an earlier run)."""
    functions = [e.function for e in load_exercises()]
    isolations = {english(r.isolation): r.isolation for r in records if r.isolation}
    totals = [r.total for r in records]
    max_total = max((r.max_total for r in records), default=None)
    titles = diagnosis_titles()  # the catalogue's and the generated mutants'
    # Each student counts once per mistake, even when it cost several functions (a syntax
    # error in losses.py costs both losses): the functions are listed together.
    students_with: dict[str, set[str]] = {}
    functions_of: dict[str, set[str]] = {}
    for record in records:
        for mistake_id, function in record.mistakes:
            students_with.setdefault(mistake_id, set()).add(record.student)
            functions_of.setdefault(mistake_id, set()).add(function)
    mistakes = [{"id": mid, "function": ", ".join(f for f in functions if f in functions_of[mid]),
                 "title": translated(titles.get(mid, mid)), "students": len(who)}
                for mid, who in sorted(students_with.items(), key=lambda item: (-len(item[1]), item[0]))]

    def full_marks(record: StudentRecord, function: str) -> bool:
        score, top = record.functions.get(function, (0.0, 0.0))
        return top > 0 and score >= top

    return {
        "assignment": current_assignment().name,
        "students": students,
        "graded": len(records),
        "problems": sorted(({**p, "message": translated(p["message"])} for p in problems),
                           key=lambda p: p["student"]),
        "mean": round(statistics.fmean(totals), 3) if totals else None,
        "median": statistics.median(totals) if totals else None,
        "max_total": max_total,
        "score_distribution": _distribution(
            [100 * r.total / r.max_total if r.max_total else 0.0 for r in records]),
        "pass_rates": {f: round(sum(full_marks(r, f) for r in records) / len(records), 4)
                       if records else None for f in functions},
        "mistakes": mistakes,
        "slowest": [{"student": r.student, "seconds": round(r.seconds, 3)}
                    for r in sorted(records, key=lambda r: (-r.seconds, r.student))[:10]],
        "seconds": round(seconds, 3),
        "isolation": "; ".join(shown(a) for _, a in sorted(isolations.items())) or _(NOTHING_GRADED),
        "jobs": jobs,
    }


def write_summary(path: Path, summary: dict) -> None:
    write_atomically(path, json.dumps(summary, indent=2, allow_nan=False) + "\n")
