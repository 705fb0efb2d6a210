"""Notebooks: generated from solutions/, run headless, check() in a notebook, .ipynb submissions."""
from __future__ import annotations

import asyncio
import csv
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.ecosystem.notebook_code import write_modules_from_notebooks
from autograder.ecosystem.notebooks import function_points, write_notebooks
from autograder.grading import grade_submission
from autograder.kit import KIT_ROOT, MODULES, load_rubric

MISTAKES = {  # answer cell -> (reference text, mistaken text)
    "softmax_answer": ("exp_a = np.exp(a - c)", "exp_a = np.exp(a)"),
    "mean_squared_error_answer": ("0.5 * np.sum((y - t)**2)", "np.mean((y - t)**2)"),
    "sigmoid_answer": ("1 / (1 + np.exp(-x))", "1 / (1 + np.exp(x))"),
}
NOISE = ["%matplotlib inline", "!pip install numpy", "from autograder import check\ncheck()",
         "softmax(np.array([1.0, 2.0]))", "print(relu(np.array([-1.0, 1.0])))", "np.max?"]


def filled_notebooks(folder: Path, mistakes: dict[str, tuple[str, str]] | None = None) -> list[Path]:
    """The generated notebooks with the reference (or a mistaken version of it) as answers."""
    paths = write_notebooks(folder)
    for path in paths:
        notebook = nbformat.read(str(path), as_version=4)
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if grade_id in (mistakes or {}):
                old, new = mistakes[grade_id]
                assert old in cell.source
                cell.source = cell.source.replace(old, new)
        nbformat.write(notebook, str(path))
    return paths


def mistaken_modules(folder: Path) -> Path:
    """The .py twin of the mistaken notebooks: solutions/ with the same three changes."""
    folder.mkdir(parents=True)
    for module in MODULES:
        text = (KIT_ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")
        for old, new in MISTAKES.values():
            text = text.replace(old, new)
        (folder / f"{module}.py").write_text(text, encoding="utf-8")
    return folder


def notebook_of_cells(path: Path, cells: list[str]) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbformat.write(notebook, str(path))
    return path


def single_notebook(path: Path, modules: Path) -> Path:
    """One notebook holding all four modules' code, cross-module imports dropped, with noise."""
    cells = ["import numpy as np"]
    for module in MODULES:
        text = (modules / f"{module}.py").read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines()
                         if not line.startswith(("from activations", "import numpy")))
        cells += [chunk for chunk in body.split("\n\n\n") if chunk.strip()]
    return notebook_of_cells(path, cells + NOISE)


def scores(result) -> dict[str, float]:
    return {name: function.score for name, function in result.functions.items()}


def test_notebooks_carry_nbgrader_metadata_and_the_rubric_points(tmp_path: Path) -> None:
    hidden = {c.function for c in load_rubric() if c.hidden}
    points: dict[str, float] = {}
    for path in write_notebooks(tmp_path):
        notebook = nbformat.read(str(path), as_version=4)
        nbformat.validate(notebook)
        for cell in notebook.cells:
            marks = cell.metadata.get("nbgrader")
            if marks is None:
                continue
            assert marks["schema_version"] == 3 and marks["grade_id"]
            if marks["solution"]:
                assert not marks["grade"] and "### BEGIN SOLUTION" in cell.source
                assert "### END SOLUTION" in cell.source
            if marks["grade"]:
                function = marks["grade_id"].removesuffix("_tests")
                points[function] = marks["points"]
                assert marks["locked"] and f'points_for("{function}"' in cell.source
                assert ("### BEGIN HIDDEN TESTS" in cell.source) == (function in hidden)
    assert points == function_points()
    assert sum(points.values()) == 100


async def _execute_all(paths: list[Path]) -> None:
    clients = [NotebookClient(nbformat.read(str(p), as_version=4), timeout=120,
                              kernel_name="python3", resources={"metadata": {"path": str(p.parent)}})
               for p in paths]
    await asyncio.gather(*(client.async_execute() for client in clients))
    for client, path in zip(clients, paths, strict=True):
        nbformat.write(client.nb, str(path))


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The generated notebooks with the reference filled in, executed headless by nbclient."""
    paths = write_notebooks(tmp_path_factory.mktemp("notebooks"))
    asyncio.run(_execute_all(paths))
    return paths


def test_every_cell_of_the_reference_notebooks_runs_headless(executed: list[Path]) -> None:
    expected = function_points()
    for path in executed:
        notebook = nbformat.read(str(path), as_version=4)
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            assert cell.execution_count is not None
            kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
            assert ("error", None) not in kinds and ("stream", "stderr") not in kinds, cell.source
            marks = cell.metadata.get("nbgrader", {})
            if marks.get("grade"):  # the number nbgrader reads as the points: full marks here
                result = next(o for o in cell.outputs if o.output_type == "execute_result")
                function = marks["grade_id"].removesuffix("_tests")
                assert float(result.data["text/plain"]) == expected[function]
        images = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
                  if "image/png" in o.get("data", {})]
        assert images, f"{path.name} shows no figure"
        last = notebook.cells[-1].outputs[0].data
        assert "<table>" in last["text/html"] and "total" in last["text/plain"]


def test_check_grades_the_functions_defined_in_the_notebook(tmp_path: Path) -> None:
    script = tmp_path / "notebook.py"
    script.write_text(
        "import numpy as np\nfrom numpy import exp\n\n"
        "def helper(a):\n    return exp(a)\n\n"
        "def softmax(a):\n    return helper(a) / np.sum(helper(a))\n\n"
        "def relu(x):\n    return np.maximum(0, x)\n\n"
        "from autograder import check\n"
        "one = check('softmax')\n"
        "both = check()\n", encoding="utf-8")
    namespace = runpy.run_path(str(script), run_name="__main__")
    one, both = namespace["one"], namespace["both"]
    assert list(one.functions) == ["softmax"]
    assert 0 < one.total < one.max_total  # the helper came along; the overflow guard is missing
    assert "subtract the largest input first" in one.table().lower()
    assert set(both.functions) == {"relu", "softmax"}
    assert both.functions["relu"].passed


def test_check_says_what_to_do_with_an_unknown_function_name() -> None:
    from autograder import check

    with pytest.raises(ValueError, match="the exercises are step_function"):
        check("sofmax")


def test_module_notebooks_give_the_same_points_as_their_py_twin(tmp_path: Path) -> None:
    notebooks = filled_notebooks(tmp_path / "notebooks", MISTAKES)
    extracted = tmp_path / "extracted"
    write_modules_from_notebooks(notebooks, extracted)
    twin = grade_submission(mistaken_modules(tmp_path / "twin"))
    assert scores(grade_submission(extracted)) == scores(twin)
    assert twin.total < 100


@pytest.mark.parametrize("name", ["kim.ipynb", "activations.ipynb"])
def test_one_notebook_with_everything_grades_like_the_py_files(tmp_path: Path, name: str) -> None:
    twin = mistaken_modules(tmp_path / "twin")
    notebook = single_notebook(tmp_path / name, twin)
    extracted = tmp_path / "extracted"
    write_modules_from_notebooks([notebook], extracted)
    assert sorted(p.stem for p in extracted.glob("*.py")) == sorted(MODULES)
    text = "".join(p.read_text() for p in extracted.glob("*.py"))
    assert "check(" not in text and "%matplotlib" not in text and "!pip" not in text
    assert scores(grade_submission(extracted)) == scores(grade_submission(twin))


def test_a_cell_with_a_syntax_error_costs_only_what_it_defines(tmp_path: Path) -> None:
    notebooks = filled_notebooks(tmp_path / "notebooks", {
        "mean_squared_error_answer": ("return 0.5 * np.sum((y - t)**2)", "return 0.5 * np.sum((y - t)**2")})
    write_modules_from_notebooks(notebooks, tmp_path / "extracted")
    result = grade_submission(tmp_path / "extracted")
    assert result.functions["mean_squared_error"].score == 0
    assert result.functions["cross_entropy_error"].passed, "the other cells of losses.ipynb still count"
    assert result.functions["softmax"].passed and result.functions["gradient_descent"].passed


@pytest.mark.parametrize("content", [b"{not json", b'{"cells": []}', b"\xff\xfe\x00"])
def test_an_unreadable_notebook_is_a_clear_value_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "activations.ipynb"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="activations.ipynb is not a readable Jupyter notebook"):
        write_modules_from_notebooks([path], tmp_path / "out")


def test_autograder_grade_grades_ipynb_submissions_like_their_py_twins(tmp_path: Path) -> None:
    submissions = tmp_path / "submissions"
    twin = mistaken_modules(submissions / "a_py_folder")
    filled_notebooks(submissions / "a_notebooks", MISTAKES)
    single_notebook(submissions / "b_notebook.ipynb", twin)
    (submissions / "b_py.py").write_text("\n".join(
        line for m in MODULES for line in (twin / f"{m}.py").read_text().splitlines()
        if not line.startswith("from activations")), encoding="utf-8")
    filled_notebooks(submissions / "c_reference_notebooks")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "autograder", "grade", str(submissions), "-o", str(out)],
                   check=True, capture_output=True)
    with (out / "grades.csv").open() as file:
        rows = {row.pop("student"): row for row in csv.DictReader(file)}
    assert rows["a_notebooks"] == rows["a_py_folder"]
    assert rows["b_notebook"] == rows["b_py"] == rows["a_py_folder"]
    assert float(rows["a_py_folder"]["total"]) < 100
    assert rows["c_reference_notebooks"]["total"] == "100"
    tests = {s: [(t["name"], t["score"]) for t in json.loads((out / s / "results.json").read_text())["tests"]]
             for s in ("a_notebooks", "a_py_folder")}
    assert tests["a_notebooks"] == tests["a_py_folder"]


@pytest.mark.parametrize("sign", ["-", ""])  # the right sigmoid, then one with the sign lost
def test_the_network_notebook_uses_the_students_own_activations(tmp_path: Path, sign: str) -> None:
    notebook_of_cells(tmp_path / "activations.ipynb", [
        "import numpy as np",
        f"def _exp(x):\n    return np.exp({sign}x)",
        "def sigmoid(x):\n    return 1 / (1 + _exp(x))",
        "def identity_function(x):\n    return x"])
    network = (KIT_ROOT / "solutions" / "network.py").read_text(encoding="utf-8")
    script = tmp_path / "network_notebook.py"
    script.write_text(
        "from autograder.ecosystem.notebook_check import load_notebook_functions, points_for\n"
        "sigmoid, identity_function = load_notebook_functions("
        "'activations.ipynb', 'sigmoid', 'identity_function')\n"
        + network.replace("from activations import identity_function, sigmoid", "")
        + "\npoints = points_for('forward', hidden=True)\n", encoding="utf-8")
    notebook_of_cells(tmp_path / "network.ipynb", [network])
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        points = runpy.run_path(str(script), run_name="__main__")["points"]
    finally:
        os.chdir(cwd)
    write_modules_from_notebooks([tmp_path / "activations.ipynb", tmp_path / "network.ipynb"],
                                 tmp_path / "extracted")
    assert points == grade_submission(tmp_path / "extracted").functions["forward"].score
    assert points == (10 if sign == "-" else 9)  # a wrong sigmoid costs forward one point only


def test_functions_loaded_from_another_notebook_leave_no_temporary_files(tmp_path: Path) -> None:
    notebook_of_cells(tmp_path / "activations.ipynb", [
        "import numpy as np", "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))"])
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    code = ("from autograder.ecosystem.notebook_check import load_notebook_functions\n"
            "(sigmoid,) = load_notebook_functions('activations.ipynb', 'sigmoid')\n"
            "print(sigmoid(0.0))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env={**os.environ, "TMPDIR": str(scratch)}, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "0.5"
    assert list(scratch.iterdir()) == []


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "check", *args], capture_output=True,
                          text=True, timeout=300)


def test_check_grades_a_folder_of_notebooks_as_grade_reads_them(tmp_path: Path) -> None:
    """`autograder check FOLDER` on notebooks (no .py modules): their code cells are graded,
    the mistakes lose points as in their .py twin, and the assignment is the one the code
    defines, whatever the notebook is called."""
    filled_notebooks(tmp_path / "basics", MISTAKES)
    done = run_check(str(tmp_path / "basics"), "--json")
    twin = grade_submission(mistaken_modules(tmp_path / "twin"))
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["total"] == twin.total < 100
    from autograder.ecosystem.training_notebook import write_training_notebook

    training = tmp_path / "training"
    training.mkdir()
    write_training_notebook(tmp_path / "source").rename(training / "homework.ipynb")
    done = run_check(str(training), "--lang", "ko")
    assert done.returncode == 0, done.stderr
    assert "TwoLayerNet.gradient" in done.stdout and "100 / 100" in done.stdout
    (training / "homework.ipynb").write_text("{ not json")  # a broken notebook: said, not a traceback
    done = run_check(str(training), "--assignment", "training")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "homework.ipynb" in done.stderr


# Where the feedback says the student's line is: the notebook, the cell and the line in the cell.

NUMPY_INT = ("module 'numpy' has no attribute 'int'.\n`np.int` was a deprecated alias for the builtin "
             "`int`. To avoid this error in existing code, use `int` by itself.\nThe aliases was "
             "originally deprecated in NumPy 1.20; for more details and guidance see the origin")


def homework_of_cells(path: Path) -> Path:
    """A notebook as learners write it: Markdown between the code, sigmoid with math.exp in cell 3
    (its return on the cell's line 2), step_function with np.int in cell 5 (its return on line 4),
    a broken relu in cell 6."""
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import math\nimport numpy as np"),
        nbformat.v4.new_markdown_cell("## 3.2.4 sigmoid"),
        nbformat.v4.new_code_cell("def sigmoid(x):\n    return 1 / (1 + math.exp(-x))"),
        nbformat.v4.new_markdown_cell("## 3.2.2 step function"),
        nbformat.v4.new_code_cell("# the book's version\ndef step_function(x):\n    y = x > 0\n"
                                  "    return y.astype(np.int)"),
        nbformat.v4.new_code_cell("def relu(x)\n    return np.maximum(0, x)")])
    nbformat.write(notebook, str(path))
    return path


def test_extraction_maps_each_module_line_to_its_notebook_cell_and_line(tmp_path: Path) -> None:
    from autograder.ecosystem.notebook_code import extract_notebooks, notebook_places

    path = homework_of_cells(tmp_path / "hw.ipynb")
    modules, notes, lines = extract_notebooks([(path.name, path.read_bytes())])
    text = modules["activations"].split("\n")
    assert len(lines["activations.py"]) == len(text) - 1  # the text ends with a newline
    where = text.index("    return 1 / (1 + math.exp(-x))") + 1
    assert lines["activations.py"][where - 1] == ("hw.ipynb", 3, 2, "")  # Markdown cells count
    assert lines["activations.py"][0] is None  # the docstring the kit wrote
    assert notes == ["hw.ipynb, cell 6, line 1: expected ':'; the cell was left out, so what it defines "
                     "is missing"]
    said = notebook_places(f"activations.py, line {where}: return 1 / (1 + math.exp(-x))", lines)
    assert said == "hw.ipynb, cell 3, line 2: return 1 / (1 + math.exp(-x))"
    stub = text.index("    raise SyntaxError(_said)") + 1  # relu, from the broken cell: its line shown
    assert notebook_places(f"your line: activations.py, line {stub}: raise SyntaxError(_said)", lines) \
        == "your line: hw.ipynb, cell 6, line 1: def relu(x)"
    assert notebook_places(f"raised TypeError (activations.py, line {stub})", lines) \
        == "raised TypeError (hw.ipynb, cell 6, line 1)"
    assert notebook_places("network.py, line 3", lines) == "network.py, line 3"  # not made here


def test_check_names_the_notebook_cell_and_line_and_numpy_s_long_message_once(tmp_path: Path) -> None:
    """The learners' notebooks (nb3, nb4): 'your line' was 'activations.py, line 11', a file they
    never wrote, and NumPy's 5-line np.int message was printed, cut, under each failed check."""
    folder = tmp_path / "submission"
    folder.mkdir()
    homework_of_cells(folder / "hw.ipynb")
    only = ["--function", "sigmoid", "--function", "step_function", "--function", "relu"]
    done = run_check(str(folder), *only)
    assert done.returncode == 1, done.stderr
    assert "your line: hw.ipynb, cell 3, line 2: return 1 / (1 + math.exp(-x))" in done.stdout
    assert "your line: hw.ipynb, cell 5, line 4: return y.astype(np.int)" in done.stdout
    assert "your line: hw.ipynb, cell 6, line 1: def relu(x)" in done.stdout
    assert "activations.py, line" not in done.stdout
    assert "hw.ipynb, cell 6, line 1: expected ':'" in done.stderr
    step = done.stdout.split("\nstep_function:")[1].split("\n\n")[0]  # its block of the feedback
    assert step.count("has no attribute 'int'") == 1 and "deprecated alias" not in step, step
    assert step.count("the function raised AttributeError\n") == 3, step
    korean = run_check(str(folder), *only, "--lang", "ko")
    assert "hw.ipynb 3번째 셀 2행: return 1 / (1 + math.exp(-x))" in korean.stdout
    assert "hw.ipynb 6번째 셀 1행" in korean.stderr


def test_a_long_exception_message_is_told_by_its_first_line_or_sentence() -> None:
    from autograder.results import error_text

    assert error_text("AttributeError", NUMPY_INT) == "AttributeError: module 'numpy' has no attribute 'int'."
    long_line = "the first sentence says what went wrong. " + "Then a very long story follows. " * 8
    assert error_text("ValueError", long_line) == "ValueError: the first sentence says what went wrong."
    assert error_text("ValueError", "short. message. kept") == "ValueError: short. message. kept"
