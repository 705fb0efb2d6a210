"""The student kit as a student gets it: installed in a fresh virtual environment, notebooks run.

The bundle and its virtual environment live under the kit's .cache/ (not /tmp: the sandbox that
runs student code may not see /tmp). Installing needs the package index (PyPI or its mirror).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest

from autograder.bundle import write_student_bundle
from autograder.i18n import using_language
from autograder.kit import KIT_ROOT, assignment, load_rubric, use_assignment

WORK = KIT_ROOT / ".cache" / "student-kit-test"
KERNEL = "student-kit"
# One answer per notebook, each a common mistake, so that check() has values to show.
ANSWERS = {
    "activations": ("step_function", "def step_function(x):\n    return x > 0\n"),
    "network": ("init_network", None),  # the reference with the keys misspelled: 'w1' for 'W1'
    "losses": ("mean_squared_error", "def mean_squared_error(y, t):\n    return np.mean((y - t)**2)\n"),
    "gradients": ("numerical_diff",
                  "def numerical_diff(f, x):\n    h = 1e-4\n    return (f(x + h) - f(x)) / h\n"),
}
# The training notebook: TwoLayerNet from the reference with the gradient of the loss not divided
# by the batch size (its own functions and train left as stubs).
TRAINING_MISTAKE = ("dy = (y - t) / batch_num", "dy = y - t")
EXECUTE = """
import sys, nbformat
from nbclient import NotebookClient
for path in sys.argv[1:]:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name=KERNEL, allow_errors=True,
                   resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}).execute()
    nbformat.write(notebook, path)
""".replace("KERNEL", repr(KERNEL))


def _points(function: str, hidden: bool) -> float:
    return sum(c.points for c in load_rubric() if c.function == function and c.hidden == hidden)


@pytest.fixture(scope="module")
def kit() -> tuple[Path, Path]:
    """(the bundle, the python of a fresh virtual environment it is installed in)."""
    shutil.rmtree(WORK, ignore_errors=True)
    bundle = write_student_bundle(WORK / "student-kit")
    venv.create(WORK / "venv", with_pip=True)
    python = WORK / "venv" / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", f"{bundle}[notebooks]",
                              "nbclient"], capture_output=True, text=True, timeout=1200)
    if install.returncode != 0:
        pytest.fail("installing the student kit failed:\n" + install.stderr[-3000:])
    subprocess.run([str(python), "-m", "ipykernel", "install", "--prefix", str(WORK / "venv"),
                    "--name", KERNEL], check=True, capture_output=True, timeout=300)
    return bundle, python


@pytest.fixture(scope="module")
def executed(kit) -> dict[str, nbformat.NotebookNode]:
    """Every student notebook with one answer filled in, run headless by the kit's own Python."""
    bundle, python = kit
    paths = []
    for module, (function, answer) in ANSWERS.items():
        path = bundle / "assignments" / f"{module}.ipynb"
        notebook = nbformat.read(str(path), as_version=4)
        cell = next(c for c in notebook.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") == f"{function}_answer")
        assert "YOUR CODE HERE" in cell.source and "raise NotImplementedError" in cell.source
        if answer is None:
            source = (KIT_ROOT / "solutions" / "network.py").read_text(encoding="utf-8")
            start = source.index("def init_network")
            answer = source[start:source.index("\ndef ", start + 1)].replace("'W1'", "'w1'")
        cell.source = answer
        if module == "losses":  # a function of another notebook, asked for here
            notebook.cells.append(nbformat.v4.new_code_cell('check("softmax")'))
        nbformat.write(notebook, str(path))
        paths.append(str(path))
    env = {**os.environ, "JUPYTER_PATH": str(WORK / "venv" / "share" / "jupyter"), "AUTOGRADER_LANG": "en"}
    subprocess.run([str(python), "-c", EXECUTE, *paths], check=True, env=env, timeout=1800,
                   cwd=bundle / "assignments")
    return {Path(p).stem: nbformat.read(p, as_version=4) for p in paths}


def _fill_training_notebook(path: Path) -> None:
    """The training notebook with one answer filled in: TwoLayerNet, with TRAINING_MISTAKE."""
    from autograder.ecosystem.training_notebook import _top_level

    notebook = nbformat.read(str(path), as_version=4)
    cell = next(c for c in notebook.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == "TwoLayerNet_answer")
    assert "YOUR CODE HERE" in cell.source and "raise NotImplementedError" in cell.source
    source = (assignment("training").solutions_dir / "two_layer_net.py").read_text(encoding="utf-8")
    reference = _top_level(source)[1]["TwoLayerNet"]
    assert TRAINING_MISTAKE[0] in reference
    cell.source = "\n".join(line for line in reference.replace(*TRAINING_MISTAKE).splitlines()
                            if "### " not in line)
    nbformat.write(notebook, str(path))


@pytest.fixture(scope="module")
def training_notebooks(kit) -> dict[str, nbformat.NotebookNode]:
    """The training notebook of the English bundle and of a Korean one (`autograder bundle --lang
    ko`), TwoLayerNet filled in, each run headless by the installed kit's Python. The Korean run
    has no AUTOGRADER_LANG and a C locale: the notebook's own setup cell makes it Korean."""
    bundle, python = kit
    with using_language("ko"):
        korean = write_student_bundle(WORK / "student-kit-ko", force=True, assignments=["training"])
    ran = {}
    for lang, root in (("en", bundle), ("ko", korean)):
        path = root / "assignments" / "training" / "training.ipynb"
        _fill_training_notebook(path)
        env = {key: value for key, value in os.environ.items()
               if key not in ("AUTOGRADER_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
        env |= {"JUPYTER_PATH": str(WORK / "venv" / "share" / "jupyter"), "LANG": "C.UTF-8"}
        if lang == "en":
            env["AUTOGRADER_LANG"] = "en"
        subprocess.run([str(python), "-c", EXECUTE, str(path)], check=True, env=env, timeout=1800,
                       cwd=path.parent)
        ran[lang] = nbformat.read(str(path), as_version=4)
    return ran


def _check_cell(notebook) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells if c.cell_type == "code" and c.source.endswith("check()"))


def test_the_bundle_holds_a_notebook_beside_each_stub_without_solutions(kit):
    bundle, _ = kit
    for module in ANSWERS:
        assert (bundle / "assignments" / f"{module}.py").exists()
        text = (bundle / "assignments" / f"{module}.ipynb").read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "hidden=True" not in text


def test_a_notebook_says_how_to_install_the_kit_when_its_import_fails(kit):
    bundle, _ = kit
    notebook = nbformat.read(str(bundle / "assignments" / "activations.ipynb"), as_version=4)
    assert "pip install" in notebook.cells[0].source  # the first cell says it
    setup = notebook.cells[1].source
    done = subprocess.run(["/usr/bin/python3", "-S", "-c", setup], capture_output=True, text=True,
                          timeout=60, cwd=WORK)  # -S: no site-packages, so no autograder
    assert done.returncode != 0
    assert "ModuleNotFoundError" in done.stderr and 'pip install -e ".[notebooks]"' in done.stderr


def test_check_shows_one_html_report_with_the_table_and_the_values_in_monospace(executed):
    for module, notebook in executed.items():
        outputs = _check_cell(notebook).outputs
        assert [o.output_type for o in outputs] == ["display_data"], module  # no Out[], no text twice
        page = outputs[0].data["text/html"]
        assert "<table>" in page and 'class="autograder-report"' in page
        function = ANSWERS[module][0]
        assert f"<code>{function}</code>" in page
        assert "<pre" in page and "ui-monospace" in page, module  # values keep their alignment
        assert "Likely mistake" in page and "Hint" in page
        public, hidden = _points(function, False), _points(function, True)
        assert "public checks:" in page and "hidden checks when your instructor grades" in page
    activations = _check_cell(executed["activations"]).outputs[0].data["text/html"]
    assert "<img" in activations and 'alt="step_function(x)' in activations  # the plot, inline
    assert public and hidden is not None


def test_the_test_cell_gives_the_public_points_and_says_what_the_hidden_checks_add(executed):
    for module, notebook in executed.items():
        function = ANSWERS[module][0]
        cell = next(c for c in notebook.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") == f"{function}_tests")
        text = "".join(o.text for o in cell.outputs if o.output_type == "stream")
        result = next(o for o in cell.outputs if o.output_type == "execute_result")
        public, hidden = _points(function, False), _points(function, True)
        earned = float(result.data["text/plain"])
        assert 0 <= earned < public
        assert f"{function}: {earned:g} of {public:g} points" in text
        assert f'check("{function}") shows why' in text
        if hidden:
            verb = "comes" if hidden == 1 else "come"
            assert (f"public checks: {public:g} of {public + hidden:g}; {hidden:g} more {verb} from hidden "
                    "checks when your instructor grades") in text
        assert "<table>" not in text and "FAILED" not in text  # the details are check()'s


def test_checking_another_notebooks_function_says_which_notebook_to_run(executed):
    cell = executed["losses"].cells[-1]
    shown = json.dumps([o.get("data", {}).get("text/html", o.get("text", "")) for o in cell.outputs])
    assert "softmax is written in activations.ipynb" in shown
    assert "Hand in all four modules" not in shown and "missing" not in shown


def test_the_only_errors_are_the_examples_of_functions_not_written_yet(executed):
    for module, notebook in executed.items():
        for cell in notebook.cells:
            for output in getattr(cell, "outputs", []):
                if output.output_type == "error":
                    assert output.ename == "NotImplementedError", (module, cell.source, output.evalue)
                    assert not cell.metadata.get("nbgrader", {}).get("grade"), cell.source


def test_check_in_a_terminal_inside_the_installed_kit_shows_the_same_points_note(kit):
    bundle, python = kit
    autograder = python.parent / "autograder"
    done = subprocess.run([str(autograder), "check", "assignments", "--json"], cwd=bundle,
                          capture_output=True, text=True, timeout=300)
    data = json.loads(done.stdout)
    public = sum(c.points for c in load_rubric() if not c.hidden)
    total = sum(c.points for c in load_rubric())
    assert data["public_points"] == public and data["total_points"] == total
    assert data["points_note"] == (f"public checks: {public:g} of {total:g}; {total - public:g} more come "
                                   "from hidden checks when your instructor grades")
    korean = subprocess.run([str(autograder), "check", "assignments", "--lang", "ko"], cwd=bundle,
                            capture_output=True, text=True, timeout=300)
    assert f"공개 채점 배점: {total:g}점 중 {public:g}점" in korean.stdout
    assert "아직 작성하지 않음" in korean.stdout
    assert sys.executable != str(python)


# ---- the training notebook, in English and in Korean ------------------------------------------


def test_the_training_notebook_is_in_the_bundle_beside_its_stubs_without_solutions(kit):
    bundle, _ = kit
    folder = bundle / "assignments" / "training"
    assert {p.name for p in folder.iterdir()} >= {"functions.py", "two_layer_net.py", "train.py",
                                                  "training.ipynb"}
    text = (folder / "training.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "hidden=True" not in text
    assert "np.sum(dz1, axis=0)" not in text  # an answer of the reference
    notebook = nbformat.read(str(folder / "training.ipynb"), as_version=4)
    assert "pip install" in notebook.cells[0].source  # the first cell says how to install
    done = subprocess.run(["/usr/bin/python3", "-S", "-c", notebook.cells[1].source], capture_output=True,
                          text=True, timeout=60, cwd=WORK)  # -S: no site-packages, so no autograder
    assert done.returncode != 0
    assert "ModuleNotFoundError" in done.stderr and 'pip install -e ".[notebooks]"' in done.stderr
    assert "training.ipynb" in (bundle / "README.md").read_text(encoding="utf-8")


def test_check_in_a_terminal_counts_the_training_assignments_own_hidden_points(kit):
    bundle, python = kit
    done = subprocess.run([str(python.parent / "autograder"), "check", "assignments/training", "--json"],
                          cwd=bundle, capture_output=True, text=True, timeout=300)
    data = json.loads(done.stdout)
    rubric = load_rubric("training")
    public, total = sum(c.points for c in rubric if not c.hidden), sum(c.points for c in rubric)
    assert (data["public_points"], data["total_points"]) == (public, total) and public < total
    assert data["points_note"] == (f"public checks: {public:g} of {total:g}; {total - public:g} more come "
                                   "from hidden checks when your instructor grades")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_check_in_the_training_notebook_shows_one_html_report_with_values_in_monospace(
        training_notebooks, lang):
    notebook = training_notebooks[lang]
    outputs = _check_cell(notebook).outputs
    assert [o.output_type for o in outputs] == ["display_data"]  # no Out[], no text twice
    page = outputs[0].data["text/html"]
    assert "<table>" in page and 'class="autograder-report"' in page
    assert "<code>TwoLayerNet.gradient</code>" in page
    assert "<pre" in page and "ui-monospace" in page  # values keep their alignment
    with use_assignment("training"):
        public = sum(c.points for c in load_rubric() if not c.hidden)
        total = sum(c.points for c in load_rubric())
    if lang == "en":
        assert "Likely mistake" in page and "not divided by the batch size" in page
        assert f"public checks: {public:g} of {total:g}" in page
    else:
        assert "짐작되는 실수" in page and "Likely mistake" not in page
        assert f"공개 채점 배점: {total:g}점 중 {public:g}점" in page
        assert notebook.cells[0].source.startswith("# 4장: 학습 알고리즘")
    cell = next(c for c in notebook.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == "TwoLayerNet_gradient_tests")
    text = "".join(o.text for o in cell.outputs if o.output_type == "stream")
    earned = float(next(o for o in cell.outputs if o.output_type == "execute_result").data["text/plain"])
    assert earned < sum(c.points for c in load_rubric("training")
                        if c.function == "TwoLayerNet.gradient" and not c.hidden)
    assert ('check("TwoLayerNet.gradient") shows why' if lang == "en" else 'check("TwoLayerNet.gradient")') \
        in text
    for each in notebook.cells:  # the stubs not written yet raise, nothing else
        for output in getattr(each, "outputs", []):
            if output.output_type == "error":
                assert output.ename == "NotImplementedError", (each.source, output.evalue)
                assert not each.metadata.get("nbgrader", {}).get("grade"), each.source
