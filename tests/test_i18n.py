"""Korean and English: the language chosen, the catalogues complete, no English left in Korean output."""
from __future__ import annotations

import json
import os
import re
import string
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from korean_text import english_left, visible_text

from autograder import i18n
from autograder.bundle import student_readme
from autograder.feedback import render_feedback_html
from autograder.grading import grade_submission
from autograder.i18n import LOCALE_DIR, resolve_language, using_language
from autograder.kit import KIT_ROOT
from autograder.stubs import HEADER

KO_PO = LOCALE_DIR / "ko" / "LC_MESSAGES" / "autograder.po"
TEMPLATE = LOCALE_DIR / "autograder.pot"


@pytest.fixture(autouse=True, scope="module")
def _plots_drawn_here_stay_here():
    """Leave autograder.feedback.plots' memory as it was: other tests count the files it writes."""
    from autograder.feedback import plots

    before = dict(plots._drawn)
    yield
    plots._drawn.clear()
    plots._drawn.update(before)


@pytest.mark.parametrize(("explicit", "environ", "expected"), [
    ("ko", {"AUTOGRADER_LANG": "en", "LANG": "en_US.UTF-8"}, "ko"),
    (None, {"AUTOGRADER_LANG": "ko", "LANG": "en_US.UTF-8"}, "ko"),
    (None, {"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    (None, {"LC_MESSAGES": "ko_KR.UTF-8"}, "ko"),
    (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
    (None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),  # the first one set decides
    (None, {"LANG": "fr_FR.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_the_language_is_the_option_then_the_variable_then_the_locale(explicit, environ, expected):
    assert resolve_language(explicit, environ) == expected


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ValueError, match="en, ko"):
        i18n.set_language("fr")


def _fields(text: str | tuple[str, ...]) -> list[str]:
    """The format fields of a message (of every form of a plural one)."""
    forms = text if isinstance(text, tuple) else (text,)
    return sorted({name for form in forms for _, name, _, _ in string.Formatter().parse(form)
                   if name is not None})


def _text(message: str | tuple[str, ...]) -> str:
    return " ".join(message) if isinstance(message, tuple) else message


def _extracted() -> set[str]:
    """Every message in the sources, extracted as babel.cfg says (as `pybabel extract` does)."""
    from babel.messages.frontend import parse_mapping_cfg

    with (KIT_ROOT / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    return {message for _, _, message, *_ in extract_from_dir(str(KIT_ROOT), method_map, options_map)}


def test_every_message_has_its_korean_with_the_same_format_fields():
    with KO_PO.open("rb") as file:
        korean = {m.id: m.string for m in read_po(file) if m.id}
    extracted = _extracted()
    assert len(extracted) > 400  # the data files' texts are in it, not only the code's
    assert sorted(extracted - set(korean)) == [], "English only: run pybabel extract and translate"
    assert sorted(set(korean) - extracted) == [], "Korean only (the English is gone): drop them"
    assert [m for m, k in korean.items() if not _text(k).strip()] == []
    assert [m for m, k in korean.items() if _fields(m) != _fields(k)] == []


def test_the_committed_template_is_what_extraction_gives():
    with TEMPLATE.open("rb") as file:
        template = {m.id for m in read_po(file) if m.id}
    assert template == _extracted()


def test_the_korean_catalogue_itself_leaves_no_english_words():
    with KO_PO.open("rb") as file:
        left = {_text(m.id)[:60]: english_left(_text(m.string)) for m in read_po(file) if m.id}
    assert {m: words for m, words in left.items() if words} == {}


FLIPPED = "\n\ndef sigmoid(x):\n    return 1 / (1 + np.exp(x))\n"
NO_GUARD = "\n\ndef softmax(a):\n    exp_a = np.exp(a)\n    return exp_a / np.sum(exp_a)\n"


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("ko") / "mistaken"
    folder.mkdir()
    for path in (KIT_ROOT / "solutions").glob("*.py"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    activations = folder / "activations.py"
    activations.write_text(activations.read_text() + FLIPPED + NO_GUARD)
    return folder, grade_submission(folder, plots=True)


# Python's own words: a student's exception, its type and its message, up to the kit's next
# Korean word (NumPy's messages run over several lines). Everything else the kit says is Korean.
EXCEPTION_TEXT = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception|Warning)\b: [^가-힣]*")


def _without_exceptions(text: str) -> str:
    return EXCEPTION_TEXT.sub(" ", text)


def test_the_feedback_page_in_korean_has_no_english_left(mistaken):
    _, result = mistaken
    with using_language("ko"):
        page = render_feedback_html(result)
    assert '<html lang="ko">' in page
    assert "시그모이드 함수에서 np.exp(-x) 대신 np.exp(x)를 씀" in page  # the mistake, in Korean
    assert "뒤집혀 있습니다" in page  # the plot's text alternative: the sigmoid is flipped
    assert english_left(_without_exceptions(visible_text(page))) == []
    with using_language("en"):
        english = render_feedback_html(result)
    assert '<html lang="en">' in english and "is flipped: it falls where the right one rises" in english


def test_check_in_jupyter_in_korean_has_no_english_left(mistaken):
    from autograder.ecosystem.notebook_check import render_html

    _, result = mistaken
    with using_language("ko"):
        report = render_html(result, show_hidden_details=False)
    assert "<table>" in report and "<pre" in report and "힌트" in report
    assert english_left(_without_exceptions(visible_text(report))) == []


def test_the_terminal_report_in_korean_names_the_mistake_and_hint_in_korean(mistaken):
    folder, _ = mistaken
    done = subprocess.run([sys.executable, "-m", "autograder", "check", str(folder), "--lang", "ko",
                           "--function", "sigmoid"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "AUTOGRADER_LANG": "en"})
    assert done.returncode == 1, done.stderr
    assert "짐작되는 실수: 시그모이드 함수에서 np.exp(-x) 대신 np.exp(x)를 씀" in done.stdout
    assert "힌트: sigmoid(x) = 1 / (1 + np.exp(-x)): 마이너스 부호를 확인하세요." in done.stdout
    english = subprocess.run([sys.executable, "-m", "autograder", "check", str(folder), "--function",
                              "sigmoid"], capture_output=True, text=True, timeout=300,
                             env={**os.environ, "AUTOGRADER_LANG": "en"})
    assert "likely mistake: sigmoid with np.exp(x) instead of np.exp(-x)" in english.stdout


def test_the_class_report_in_korean_has_no_english_left(tmp_path):
    from test_feedback import class_out

    from autograder.feedback import write_class_report

    out = class_out(tmp_path)
    with using_language("ko"):
        page = write_class_report(out).read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and "점수 분포" in page
    # the mistakes' titles of this made-up run are not the kit's: they stay as they were written
    exempt = {"no overflow guard in softmax", "mean instead of sum", "empty zip"}
    assert english_left(visible_text(page), exempt=exempt) == []


def test_the_notebooks_readme_and_stubs_in_korean_have_no_english_left():
    from autograder.ecosystem.notebooks import build_notebook
    from autograder.ecosystem.training_notebook import build_training_notebook

    with using_language("ko"):
        for module in ("activations", "network", "losses", "gradients"):
            notebook = build_notebook(module, student=True)
            markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
            assert english_left(markdown) == [], module
            setup = notebook.cells[1].source
            assert "pip install" in setup and "커널을 다시 시작" in setup
        training = build_training_notebook(student=True)
        markdown = "\n".join(c.source for c in training.cells if c.cell_type == "markdown")
        assert english_left(markdown) == [] and "미니배치" in markdown
        assert "pip install" in training.cells[1].source and "커널을 다시 시작" in training.cells[1].source
        readme = student_readme().split("## 한국어", 1)[1]
        assert english_left(readme) == []
        assert english_left(i18n._(HEADER)) == []


def test_korean_plots_use_a_font_with_hangul_and_draw_no_boxes(mistaken):
    from autograder.feedback import plot_text, plots

    _, result = mistaken
    if plot_text.cjk_font() is None:
        pytest.skip("no font with Hangul is installed (.ci/run installs fonts-noto-cjk)")
    plots._drawn.clear()
    with using_language("ko"), warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" for a box
        assert plot_text.plot_language() == "ko"
        for plot in result.plots:
            assert plots.render_png(plot)[:8] == b"\x89PNG\r\n\x1a\n"
        assert "시그모이드" not in plot_text.plot_title(result.plots[0])  # names stay code
        assert "여러분의 함수" in plot_text.plot_title(result.plots[0])


def test_without_a_hangul_font_the_plots_stay_english(mistaken, monkeypatch):
    from autograder.feedback import plot_text, plots

    _, result = mistaken
    monkeypatch.setattr(plot_text, "cjk_font", lambda: None)
    plots._drawn.clear()
    with using_language("ko"), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plot_text.plot_language() == "en"
        assert "yours" in plot_text.plot_title(result.plots[0])
        for plot in result.plots:
            plots.render_png(plot)
        page = render_feedback_html(result)
    assert "뒤집혀 있습니다" in page  # the page's own text stays Korean
    plots._drawn.clear()


# ---- a whole class in Korean: `autograder grade --lang ko` on the mistake corpus ----------------

# values are code: "y afterwards: [...]" (checks/public.py) is the value's own label, English still
VALUE_LINES = re.compile(r"^\s*(입력|기대한 값|실제 값|실패하는 가장 작은 입력):.*$", re.M)
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def korean_class(tmp_path_factory) -> Path:
    from conftest import overrides

    root = tmp_path_factory.mktemp("corpus-ko")
    for override in overrides("mistakes"):
        override.build(root / "submissions" / override.path.stem)
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", str(root / "submissions"), "-o",
                           str(root / "out"), "--lang", "ko"], capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "AUTOGRADER_LANG": "en"})
    assert done.returncode == 0, done.stderr[-2000:]
    (root / "grade.stdout").write_text(done.stdout, encoding="utf-8")  # the end screen
    (root / "grade.stderr").write_text(done.stderr, encoding="utf-8")  # the progress lines
    return root / "out"


def test_a_class_graded_in_korean_has_no_english_left_in_its_pages_and_results(korean_class):
    from conftest import overrides

    students = sorted(p.parent for p in korean_class.glob("*/results.json"))
    assert len(students) == len(overrides("mistakes"))
    report = (korean_class / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in report and "가장 흔한 실수" in report
    assert english_left(visible_text(report)) == []
    korean_titles = 0
    for student in students:
        results = json.loads((student / "results.json").read_text(encoding="utf-8"))
        outputs = VALUE_LINES.sub(" ", "\n".join(t["output"] for t in results["tests"]))
        assert english_left(_without_exceptions(outputs)) == [], student.name
        assert english_left("\n".join(t["name"] for t in results["tests"])) == [], student.name
        assert english_left(results["output"]) == [], student.name
        page = (student / "feedback.html").read_text(encoding="utf-8")
        assert '<html lang="ko">' in page
        assert f"<h1>자동 채점 피드백: {student.name}</h1>" in page  # "feedback" is a file name too
        assert english_left(_without_exceptions(visible_text(page))) == [], student.name
        markdown = VALUE_LINES.sub(" ", (student / "feedback.md").read_text(encoding="utf-8"))
        markdown = markdown.replace("```text", "```")
        assert english_left(_without_exceptions(markdown)) == [], student.name
        korean_titles += "짐작되는 실수:" in outputs
    assert korean_titles >= len(students) - 5  # the mistakes are named, in Korean


def test_every_neutral_description_reads_korean_through_its_template():
    """The descriptions of tests/test_feedback_difference.py, shown in Korean (i18n.translated):
    the corpus's mistakes are mostly diagnosed, so these are the neutral ones a student meets."""
    from test_feedback_difference import PAIRS

    from autograder.feedback.difference import (
        describe_change,
        describe_difference,
        describe_dtype,
        describe_probabilities,
    )
    from autograder.i18n import translated

    a = np.array
    texts = [describe_difference(expected, actual, inputs).text for expected, actual, inputs, _ in PAIRS]
    texts += [describe_change("x", before, after).text for before, after in [
        (a([-1.0, 0.0, 2.5]), a([0.0, 0.0, 2.5])), (a([0.1, 0.0, 0.9]), a([0.1, 0.0, 0.9]) + 1e-7),
        (a([1.0, 2.0, 5.0]), a([-4.0, -3.0, 0.0])), (a([3.0, 4.0]), a([3.0, 4.0001])),
        (a([3.0, 4.0]), a([1.0, 7.0])), (a([3.0, 4.0]), a([[3.0, 4.0]]))]]
    texts += [describe_dtype(value).text for value in (a([True, False]), a([1.0, 0.0]), [1, 0])]
    batch = a([[1000.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    texts += [describe_probabilities(batch, value).text for value in (
        a([[np.nan, 0.0], [0.3, 0.7], [0.5, 0.5]]), a([[1.0, 0.0], [np.nan] * 2, [np.nan] * 2]),
        a([[0.5, 0.5]] * 3) / 2, a([[0.0, 1.0], [0.3, 0.7], [0.2, 0.8]]))]
    texts.append(describe_probabilities(a([710.0]), a([np.nan])).text)
    with using_language("ko"):
        left = {text: english_left(translated(text)) for text in texts}
    assert {text: words for text, words in left.items() if words} == {}


def test_every_mutant_title_reads_korean_through_its_operator_template():
    """The diagnoses generated from the reference keep their English titles in the models' data;
    each is shown through the template it was filled from."""
    from autograder.diagnosis.mutation import mutants
    from autograder.i18n import translated

    titles = {m.title for m in mutants()}
    assert len(titles) > 100
    with using_language("ko"):
        left = {title: english_left(translated(title)) for title in titles}
    assert {title: words for title, words in left.items() if words} == {}


@pytest.fixture(scope="module")
def corpus_results(korean_class) -> dict:
    """Each submission of the mistake corpus graded once, as `autograder check` grades it."""
    submissions = korean_class.parent / "submissions"
    return {folder.name: grade_submission(folder) for folder in sorted(submissions.iterdir())}


def test_check_on_the_mistake_corpus_speaks_korean_in_korean_and_english_in_english(corpus_results):
    """`autograder check`'s report and check()'s HTML report: no English left in Korean apart
    from code, names, numbers and Python's own exception messages; no Korean in English."""
    from autograder.ecosystem.notebook_check import render_html
    from autograder.report import render_json, render_table

    for name, result in corpus_results.items():
        with using_language("ko"):
            text = render_table(result, show_hidden_details=False)
            page = render_html(result, show_hidden_details=False)
            data = json.loads(render_json(result))
        assert english_left(_without_exceptions(VALUE_LINES.sub(" ", text))) == [], name
        assert english_left(_without_exceptions(visible_text(page))) == [], name
        messages = "\n".join(t["message"] for f in data["functions"].values() for t in f["tests"])
        assert english_left(_without_exceptions(VALUE_LINES.sub(" ", messages))) == [], name
        with using_language("en"):
            english = render_table(result, show_hidden_details=False) + render_html(
                result, show_hidden_details=False)
        assert not HANGUL.search(english), name


def _class_files_in_korean(out: Path, left: Callable[[str], list[str]]) -> None:
    """`grade --lang ko`'s end screen, progress lines, summary.json and grades.csv: Korean where a
    person reads them, the keys as in English."""
    import csv

    screen = (out.parent / "grade.stdout").read_text(encoding="utf-8")
    assert "채점했습니다" in screen and "격리: " in screen and "제한: " in screen
    assert left(screen.replace(str(out), " ")) == []
    progress = (out.parent / "grade.stderr").read_text(encoding="utf-8")
    assert left(progress.replace(str(out.parent), " ")) == []
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {"students", "graded", "problems", "mistakes", "isolation"} <= set(summary)
    assert summary["mistakes"] and all("id" in m for m in summary["mistakes"])
    readable = [m["title"] for m in summary["mistakes"]] + [p["message"] for p in summary["problems"]]
    assert left("\n".join(readable + [summary["isolation"]])) == []
    assert HANGUL.search(summary["isolation"]) and HANGUL.search(summary["mistakes"][0]["title"])
    with (out / "grades.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows and {row["status"] for row in rows} <= {"graded", "not graded"}  # keys, as in English
    assert {row["status_text"] for row in rows} <= {"채점함", "채점하지 못함"}
    assert left("\n".join(row["reason"] for row in rows)) == []


def test_the_command_line_speaks_korean_too(korean_class, tmp_path):
    _class_files_in_korean(korean_class, lambda text: english_left(_without_exceptions(text)))
    missing = tmp_path / "missing"
    done = subprocess.run([sys.executable, "-m", "autograder", "check", str(missing), "--lang", "ko"],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "AUTOGRADER_LANG": "en"})
    assert done.returncode == 2 and "폴더가 아닙니다" in done.stderr
    assert english_left(done.stderr.replace(str(missing), " ")) == []


# What a user types, in --help's list of options: -o, --output, {en,ko}
OPTION_CODE = re.compile(r"(?<!\S)(?:--?[\w-]+|\{[^}\s]*\})(?=[\s,:]|$)")


def test_help_speaks_korean_argparse_words_included():
    """`--help` of every command, in Korean: the descriptions, the options, and argparse's own
    words ("usage:", "options:", "show this help message and exit"); a usage error too."""
    from autograder.cli import build_parser

    def autograder(*args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True, text=True,
                              timeout=300, env={**os.environ, "AUTOGRADER_LANG": "en", **env})

    commands = sorted(build_parser()._subparsers._group_actions[0].choices)  # noqa: SLF001
    assert {"check", "grade", "bundle", "nbgrader", "gradescope", "classroom"} <= set(commands)
    for args in [("--help", "--lang", "ko"), *((command, "--help", "--lang", "ko") for command in commands)]:
        done = autograder(*args)
        assert done.returncode == 0, args
        assert done.stdout.startswith("사용법: autograder") and "옵션:" in done.stdout, args
        assert "이 도움말을 보여 주고 끝냅니다" in done.stdout, args
        usage, _, rest = done.stdout.partition("\n\n")  # the usage line is code: options, metavars
        assert english_left(OPTION_CODE.sub(" ", rest)) == [], args
    english = autograder("grade", "--help")
    assert "usage: autograder grade" in english.stdout and "show this help message and exit" in english.stdout
    assert not HANGUL.search(english.stdout)
    korean = autograder("grade", "--help", AUTOGRADER_LANG="ko")  # the variable, as well as --lang
    assert "학생 프로세스의 메모리 제한" in korean.stdout
    wrong = autograder("check", "--lang", "ko", "--timeout", "-1")
    assert wrong.returncode == 2 and "오류:" in wrong.stderr and "양수" in wrong.stderr
    error = wrong.stderr.strip().splitlines()[-1]  # after the usage lines (code)
    assert error.startswith("autograder check: 오류: 인수 --timeout")
    assert english_left(OPTION_CODE.sub(" ", error)) == []


def test_an_instructor_sets_the_class_language_for_the_bundle_gradescope_and_classroom(tmp_path):
    import zipfile

    import nbformat

    def autograder(*args: str) -> None:
        done = subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True, text=True,
                              timeout=600, env={**os.environ, "AUTOGRADER_LANG": "en"})
        assert done.returncode == 0, done.stderr

    autograder("bundle", str(tmp_path / "kit"), "--lang", "ko")
    notebook = nbformat.read(str(tmp_path / "kit" / "assignments" / "losses.ipynb"), as_version=4)
    assert notebook.cells[0].source.startswith("# 손실 함수 (4장)")
    assert 'os.environ.setdefault("AUTOGRADER_LANG", "ko")' in notebook.cells[1].source
    assert (tmp_path / "kit" / "assignments" / "losses.py").read_text().startswith("# YOUR CODE HERE라고")
    autograder("gradescope", str(tmp_path / "autograder.zip"), "--lang", "ko")
    with zipfile.ZipFile(tmp_path / "autograder.zip") as archive:
        assert 'AUTOGRADER_LANG="${AUTOGRADER_LANG:-ko}"' in archive.read("run_autograder").decode()
    autograder("bundle", str(tmp_path / "template"))
    autograder("classroom", str(tmp_path / "template"), "--lang", "ko")
    workflow = (tmp_path / "template" / ".github" / "workflows" / "classroom.yml").read_text()
    assert "--function softmax --lang ko" in workflow


def test_the_notebooks_figures_in_korean_draw_no_boxes():
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np

    from autograder.ecosystem import figures
    from autograder.feedback import plot_text

    if plot_text.cjk_font() is None:
        pytest.skip("no font with Hangul is installed (.ci/run installs fonts-noto-cjk)")

    def unfinished(*args):
        raise NotImplementedError

    def mean_squared_error(y, t):
        return 0.5 * np.sum((y - t) ** 2)

    with using_language("ko"), warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would be a box
        drawn = [figures.plot_activations(unfinished, unfinished, unfinished),
                 figures.plot_losses(mean_squared_error, unfinished),
                 figures.plot_descent(unfinished), figures.plot_network_outputs(unfinished, unfinished)]
        for figure in drawn:
            figure.canvas.draw()
    texts = [t.get_text() for f in drawn for t in f.findobj(matplotlib.text.Text)]
    assert any("아직 완성되지 않음" in text for text in texts) and "손실" in texts


# ---- every assignment: its data files in the catalogue, its checks in Korean ----------------------


def test_babel_cfg_extracts_the_data_files_of_every_assignment():
    """An assignment added to data/assignments.toml without its data files in babel.cfg would leave
    its mistakes and rubric English only, and the completeness test above would not see them."""
    from autograder.kit import assignment, assignment_names

    config = (KIT_ROOT / "babel.cfg").read_text(encoding="utf-8")
    wanted = {f"[toml: {(assignment(name).data_dir / data).relative_to(KIT_ROOT).as_posix()}]"
              for name in assignment_names() for data in ("mistakes.toml", "rubric.toml")}
    assert "training" in assignment_names()
    assert sorted(line for line in wanted if line not in config) == []


TRAINING_SUBMISSIONS = ("init_transposed", "loss_summed", "grad_no_batch_divide", "numerical_not_restored",
                        "train_same_batch", "train_param_not_updated", "train_gradient_ascent")


@pytest.fixture(scope="module")
def training_results(tmp_path_factory) -> dict:
    """A few submissions of the training corpus, graded as `autograder check` grades them."""
    from test_training import MISTAKES, build, grade

    root = tmp_path_factory.mktemp("training-ko")
    chosen = {m.path.stem: m for m in MISTAKES if m.path.stem in TRAINING_SUBMISSIONS}
    assert sorted(chosen) == sorted(TRAINING_SUBMISSIONS)
    return {name: grade(build(m, root / name)) for name, m in chosen.items()}


def _english_in_training_text(text: str) -> list[str]:
    """English words left, apart from value lines, Python's exceptions and the training
    assignment's function names (train, predict, ...: code; the helper knows the basics' only)."""
    from autograder.kit import load_exercises

    names = sorted({e.function.rpartition(".")[2] for e in load_exercises("training")}, key=len, reverse=True)
    text = _without_exceptions(VALUE_LINES.sub(" ", text))
    return english_left(re.sub(r"\b(?:" + "|".join(names) + r")\b(?![_.(])", " ", text))


def test_check_on_training_submissions_speaks_korean(training_results):
    """`autograder check` on the training corpus, in Korean: the public checks' messages, the
    terminal report and check()'s HTML report leave no English apart from code, names and numbers;
    in English they stay English."""
    from autograder.ecosystem.notebook_check import render_html
    from autograder.kit import use_assignment
    from autograder.report import render_json, render_table

    for name, result in training_results.items():
        with use_assignment("training"), using_language("ko"):
            text = render_table(result, show_hidden_details=False)
            page = render_html(result, show_hidden_details=False)
            data = json.loads(render_json(result))
        assert _english_in_training_text(text) == [], name
        assert _english_in_training_text(visible_text(page)) == [], name
        # the public checks' messages: the failure, its expected and actual values, unindented
        # (the hidden runs' own wording, autograder/checks/training_hidden.py, is not translated yet)
        public = [t for f in data["functions"].values() for t in f["tests"] if t["visibility"] == "public"]
        assert any(not t["passed"] for t in public), name  # the mistake shows in a public check
        assert _english_in_training_text("\n".join(t["message"] for t in public)) == [], name
        assert HANGUL.search(text), name
        with use_assignment("training"), using_language("en"):
            english = render_table(result, show_hidden_details=False) + render_html(
                result, show_hidden_details=False)
        assert not HANGUL.search(english), name


@pytest.fixture(scope="module")
def korean_training_class(tmp_path_factory) -> Path:
    """The training corpus graded as an instructor grades a Korean class:
    `autograder grade --assignment training --lang ko`."""
    from test_training import MISTAKES, build

    root = tmp_path_factory.mktemp("training-class-ko")
    for mistake in MISTAKES:
        build(mistake, root / "submissions" / mistake.path.stem)
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", str(root / "submissions"), "-o",
                           str(root / "out"), "--assignment", "training", "--lang", "ko"],
                          capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "AUTOGRADER_LANG": "en"})
    assert done.returncode == 0, done.stderr[-2000:]
    (root / "grade.stdout").write_text(done.stdout, encoding="utf-8")
    (root / "grade.stderr").write_text(done.stderr, encoding="utf-8")
    return root / "out"


def test_a_training_class_graded_in_korean_has_no_english_left(korean_training_class):
    """The end screen, summary.json, grades.csv, the class report and every student's results.json,
    feedback.md and feedback.html of the training corpus, hidden checks' notes included."""
    from test_training import MISTAKES

    out = korean_training_class
    _class_files_in_korean(out, _english_in_training_text)
    report = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in report and _english_in_training_text(visible_text(report)) == []
    students = sorted(p.parent for p in out.glob("*/results.json"))
    assert len(students) == len(MISTAKES)
    hidden_notes = 0
    for student in students:
        results = json.loads((student / "results.json").read_text(encoding="utf-8"))
        outputs = "\n".join(t["output"] for t in results["tests"])
        assert _english_in_training_text(outputs) == [], student.name
        assert _english_in_training_text("\n".join(t["name"] for t in results["tests"])) == [], student.name
        page = (student / "feedback.html").read_text(encoding="utf-8")
        assert '<html lang="ko">' in page, student.name
        assert _english_in_training_text(visible_text(page)) == [], student.name
        markdown = (student / "feedback.md").read_text(encoding="utf-8").replace("```text", "```")
        assert _english_in_training_text(markdown) == [], student.name
        hidden_notes += "비공개 채점이라 자세한 내용은 보여 주지 않습니다" in outputs
    assert hidden_notes  # the hidden checks' notes were among the texts looked at


def _no_cgroups(monkeypatch: pytest.MonkeyPatch, why: str) -> None:
    """Make this machine's cgroups fail to open as they do elsewhere."""
    from autograder.sandbox import cgroups

    def raises(error: OSError) -> Callable[..., None]:
        def fail(*args: object) -> None:
            raise error
        return fail

    all_v1 = [(f"/sys/fs/cgroup/{c}", "cgroup", {c}) for c in cgroups.V1_CONTROLLERS]
    monkeypatch.setattr(cgroups, "_mounts", lambda: [] if why == "no controllers" else all_v1)
    monkeypatch.setattr(cgroups, "_own_cgroups", raises(FileNotFoundError(2, os.strerror(2)))
                        if why == "unreadable" else lambda: {})
    monkeypatch.setattr(cgroups, "_remove_abandoned", raises(PermissionError(13, os.strerror(13))))


@pytest.mark.parametrize("why", ["not writable", "unreadable", "no controllers"])
def test_the_isolation_line_says_in_korean_why_no_cgroup_holds_the_tree(monkeypatch, why: str):
    """What an instructor without a writable cgroup reads on the end screen: the sandbox's own
    reasons in Korean, and the system's words an instructor meets (Permission denied: every
    ordinary user without delegation, GitHub's runner included) in Korean too."""
    from autograder.sandbox.account import english, shown
    from autograder.sandbox.cgroups import describe, open_cgroups
    from autograder.sandbox.session import Limits

    _no_cgroups(monkeypatch, why)
    tree, why_not = open_cgroups()
    account = describe(tree, why_not, Limits())
    assert tree is None and "not per process tree" in english(account)
    with using_language("ko"):
        said = shown(account)
    assert english_left(said) == [], said


def test_kept_grades_state_their_sandbox_in_the_language_of_the_run_that_shows_them():
    """A class graded in English and shown again in Korean (a resumed run, `autograder merge`):
    the isolation comes back from each results.json as data, not as English to translate."""
    from autograder.bulk.outputs import gradescope_results, record_from_results, summarise
    from autograder.results import GradingResult
    from autograder.sandbox.account import english, from_json, phrase, system_words
    from autograder.sandbox.cgroups import describe
    from autograder.sandbox.isolation import isolation_account
    from autograder.sandbox.session import Limits

    why_not = phrase("no writable cgroup ({error})", error=system_words("Permission denied"))
    account = isolation_account("bubblewrap", privileged=False) + describe(None, why_not, Limits())
    with using_language("en"):
        written = json.loads(json.dumps(gradescope_results(
            GradingResult({}, isolation=account), student="s1", content_hash="c", rubric_hash="r")))
    assert written["extra_data"]["isolation"] == english(account)
    record = record_from_results("s1", written)
    assert record.isolation == account
    with using_language("ko"):
        summary = summarise([record], [], students=1, seconds=1.0, jobs=1)
    assert HANGUL.search(summary["isolation"]) and english_left(summary["isolation"]) == []
    # a result kept before accounts: its English text, shown as it is
    assert from_json("namespaces: no network") == ("namespaces: no network",)
    with pytest.raises(ValueError):
        from_json([{"values": {}}])


# ---- Korean particles: a filled template's 을(를), 이(가) ... made the one its word takes ------------

@pytest.mark.parametrize(("english", "korean"), [
    ("returned a single array, not the pair (x, x_history)",
     "(x, x_history) 쌍이 아니라 배열 하나를 돌려주었습니다"),
    ("changed its input x", "입력 x를 바꾸었습니다"),
    ("returned dtype bool, not an integer array", "정수 배열이 아니라 dtype bool을 돌려주었습니다"),
    ("uses np.min where np.max belongs", "np.max 자리에 np.min을 씀"),
    ("returned x_history as a list, not a NumPy array",
     "x_history를 NumPy 배열이 아니라 list로 돌려주었습니다"),
])
def test_a_filled_korean_template_takes_the_particle_of_the_word_before_it(english, korean):
    with using_language("ko"):
        assert i18n.translated(english) == korean
    with using_language("en"):
        assert i18n.translated(english) == english


def test_a_korean_message_filled_with_format_or_percent_chooses_its_particles():
    with using_language("ko"):
        assert i18n._("wrote {path}").format(path="grades.csv") == "grades.csv를 썼습니다"
        assert i18n._("wrote {path}").format(path="report.html") == "report.html을 썼습니다"
        assert i18n._("{folder} is not a folder (it should hold {modules})").format(
            folder="'제출물'", modules="a.py, b.py") == (
            "'제출물'은 폴더가 아닙니다(a.py, b.py가 들어 있어야 합니다)")
        assert i18n._("not allowed with argument %s") % "--lang" == "인수 --lang과 함께 쓸 수 없습니다"
        assert type(i18n._("wrote {path}").format(path="x")) is str
    with using_language("en"):
        assert i18n._("wrote {path}").format(path="x을(를)") == "wrote x을(를)"


@pytest.mark.parametrize(("paired", "chosen"), [
    ("사과을(를)", "사과를"), ("책을(를)", "책을"), ("사과은(는)", "사과는"), ("책은(는)", "책은"),
    ("사과이(가)", "사과가"), ("책이(가)", "책이"), ("사과와(과)", "사과와"), ("책와(과)", "책과"),
    ("책과(와)", "책과"), ("사과를(을)", "사과를"),
    ("사과(으)로", "사과로"), ("책(으)로", "책으로"), ("물(으)로", "물로"),
    ("사과(이)라", "사과라"), ("책(이)라", "책이라"), ("물(이)라", "물이라"),
    ("0을(를)", "0을"), ("1을(를)", "1을"), ("2을(를)", "2를"), ("3을(를)", "3을"), ("4을(를)", "4를"),
    ("5을(를)", "5를"), ("6을(를)", "6을"), ("7을(를)", "7을"), ("8을(를)", "8을"), ("9을(를)", "9를"),
    ("10이(가)", "10이"), ("1(으)로", "1로"), ("3(으)로", "3으로"), ("4(으)로", "4로"),
    ("0.5(으)로", "0.5로"),
    ("x을(를)", "x를"), ("bool을(를)", "bool을"), ("np.min을(를)", "np.min을"), ("n(으)로", "n으로"),
    ("TypeError이(가)", "TypeError가"), ("None이(가)", "None이"), ("r(으)로", "r로"),
    ("string을(를)", "string을"), ("x.png을(를)", "x.png를"),
    ("np.min()을(를)", "np.min()을"), ("`x`을(를)", "`x`를"), ("'책'은(는)", "'책'은"),
    ("(3, 4)이(가)", "(3, 4)가"),
    ("<code>relu.py</code>을(를)", "<code>relu.py</code>를"),
    ("...을(를)", "...을(를)"), ("x_을(를)", "x_을(를)"), ("을(를)", "을(를)"), ("% 이(가)", "% 이(가)"),
])
def test_particles_follow_the_final_sound_and_stay_paired_where_it_cannot_be_told(paired, chosen):
    assert i18n.particles(paired) == chosen


def test_the_feedback_pages_import_heading_takes_its_particle_through_the_code_tag():
    from autograder.feedback.explain import ImportFailure
    from autograder.feedback.html import _import_section
    from autograder.results import GradingResult

    failure = ImportFailure("losses", "SyntaxError: x", "losses.py, line 1: x", [])
    with using_language("ko"):
        assert "<h2><code>losses.py</code>를 " in _import_section(failure, GradingResult({}))
    with using_language("en"):
        section = _import_section(failure, GradingResult({}))
    assert "<h2><code>losses.py</code> could not be imported</h2>" in section
