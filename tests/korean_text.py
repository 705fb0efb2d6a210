"""Finding English words left in Korean output, apart from code, names and numbers."""
from __future__ import annotations

import builtins
import html
import keyword
import re
from collections.abc import Iterable

import numpy as np

from autograder.kit import load_exercises

CODE_BLOCKS = re.compile(r"<(pre|code|style|script|title)\b.*?</\1>", re.S | re.I)
TAGS = re.compile(r"<[^>]+>")
INLINE_CODE = re.compile(r"`[^`\n]*`")
FORMAT_FIELD = re.compile(r"\{\w*\}")
MARKDOWN_CODE = re.compile(r"^(    |\t).*$", re.M)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.'()\[\]=*/+\-<>:,]*")
# Names a Korean text keeps as they are: the book's, Python's and NumPy's, and the tools'.
NAMES = {
    "NumPy", "Python", "Jupyter", "JupyterLab", "ReLU", "Rectified", "Linear", "Unit", "README",
    "Kernel", "Restart", "Gradescope", "ln", "nan", "inf", "lr", "delta", "docstring", "keepdims",
    "axis", "dtype",
    "ndim", "size", "shape", "astype", "argmax", "reshape", "append", "copy", "multi_index",
    "readwrite", "op_flags", "flags", "TwoLayerNet", "self", "lambda", "seed", "matplotlib",
    "autograder", "check", "pip", "jupyter", "lab", "softmax", "sigmoid", "relu", "np", "math",
    "bubblewrap", "namespaces", "process", "AxisError", "tmp_val", "grad", "init_x", "step_num",
    "batch_size", "exp_a", "sum_exp_a", "tmp", "idx", "fxh1", "fxh2", "network", "ko", "en",
    "png", "py", "ipynb", "toml", "html", "json", "feedback", "assignments", "function_1",
    "function_2", "x0", "x1", "x_history", "exp", "log", "max", "sum", "mean", "int", "float",
    # the tools, the sandbox's Linux features and the book's layer a Korean text names as they are
    "Matplotlib", "nbgrader", "Classroom", "seccomp", "cgroup", "rlimits", "usr", "Affine",
}


def _allowed() -> set[str]:
    names = set(NAMES) | set(dir(builtins)) | set(keyword.kwlist)
    names |= {n for n in dir(np) if not n.startswith("_")}
    for exercise in load_exercises():
        names |= {exercise.function, exercise.module, *exercise.parameters}
    return names


ALLOWED = _allowed()


def visible_text(page: str) -> str:
    """The text a reader sees on an HTML page, code blocks left out; alt texts included."""
    alts = " ".join(html.unescape(a) for a in re.findall(r'alt="([^"]*)"', page))
    return html.unescape(TAGS.sub(" ", CODE_BLOCKS.sub(" ", page))) + " " + alts


def english_left(text: str, exempt: Iterable[str] = ()) -> list[str]:
    """The English words in `text` that are not code, names or numbers (nor an `exempt` text)."""
    for message in sorted(set(exempt), key=len, reverse=True):
        if message:
            text = text.replace(message, " ")
    text = FORMAT_FIELD.sub(" ", MARKDOWN_CODE.sub(" ", INLINE_CODE.sub(" ", text)))
    left = []
    for word in WORD.findall(text):
        core = word.strip(".,;:'\"()[]<>")
        if len(core) < 2 or core in ALLOWED:
            continue
        if any(c in core for c in "_.()[]=*/+<>0123456789") or core.isupper() and len(core) <= 6 \
                or any(c.isupper() for c in core[1:]):
            continue  # code (np.exp, x[idx], a1, identityFunc), or a short acronym (HTML, PNG)
        left.append(core)
    return left
