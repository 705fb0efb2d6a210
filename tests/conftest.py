"""Shared fixtures: building submissions from the reference plus one override file."""
from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.kit import KIT_ROOT, MODULES

SUBMISSIONS = Path(__file__).parent / "submissions"
# The tests read English messages unless they ask for Korean (--lang ko, using_language("ko")),
# whatever the locale of the machine they run on.
os.environ["AUTOGRADER_LANG"] = "en"
# Hidden checks' inputs are the kit's published ones (what data/diagnosis_models.json and the
# tests' exact values were computed under) unless a test is about the instructor's secret; never
# the secret of whoever runs the tests (autograder.secret).
os.environ["AUTOGRADER_SECRET"] = "public"
os.environ.pop("AUTOGRADER_SECRET_FILE", None)
# A test under another secret writes the secret's models beside the per-user secret file: in a
# folder of the test run's own, never the home of whoever runs the tests.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="dlfs-tests-config-")
atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], ignore_errors=True)


@dataclass(frozen=True)
class Override:
    """A test submission: the reference with one file's body added or replaced."""

    path: Path
    file: str
    replace: bool  # the body replaces the module ("remove" instead deletes it)
    loses: tuple[str, ...]
    may_lose: tuple[str, ...]
    mistakes: tuple[str, ...]  # the first is the submission's own; others follow from it
    remove: bool = False

    @property
    def mistake(self) -> str | None:
        return self.mistakes[0] if self.mistakes else None

    @classmethod
    def read(cls, path: Path) -> Override:
        text = path.read_text(encoding="utf-8")
        header = text.split('"""')[1] if text.startswith('"""') else ""
        fields = {}
        for line in header.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() in ("file", "replace", "remove", "loses", "may_lose", "mistake"):
                fields[key.strip()] = value.strip()

        def names(key: str) -> tuple[str, ...]:
            return tuple(n.strip() for n in fields.get(key, "").split(",") if n.strip())

        return cls(path, fields["file"], fields.get("replace", "").lower() == "true",
                   names("loses"), names("may_lose"), names("mistake"),
                   fields.get("remove", "").lower() == "true")

    def build(self, destination: Path) -> Path:
        """Write the submission folder: solutions/*.py, then this override.

        An attack on two modules goes on after a line `# file: OTHER.py`: what follows that line
        is appended to OTHER.py (or creates it)."""
        copy_reference(destination)
        body, *others = SECTION.split(self.path.read_text(encoding="utf-8"))
        target = destination / self.file
        if self.remove:
            target.unlink()
        elif self.replace or not target.exists():
            target.write_text(body, encoding="utf-8")
        else:
            _append(target, body)
        for name, text in zip(others[::2], others[1::2], strict=True):
            _append(destination / name, text)
        return destination


SECTION = re.compile(r"^# file: ([\w.]+\.py)\n", re.MULTILINE)  # the next module an override writes


def _append(target: Path, text: str) -> None:
    before = target.read_text(encoding="utf-8") + "\n\n" if target.exists() else ""
    target.write_text(before + text, encoding="utf-8")


def copy_reference(destination: Path) -> Path:
    """The reference solutions' four modules, copied into `destination`."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in MODULES:
        shutil.copy(KIT_ROOT / "solutions" / f"{name}.py", destination / f"{name}.py")
    return destination


def reference_with(tmp_path: Path, module: str, code: str) -> Path:
    """A submission folder: the reference solutions, with `code` appended to `module`.py."""
    folder = copy_reference(tmp_path / "submission")
    with (folder / f"{module}.py").open("a", encoding="utf-8") as file:
        file.write("\n\n" + code)
    return folder


def overrides(kind: str) -> list[Override]:
    return [Override.read(p) for p in sorted((SUBMISSIONS / kind).glob("*.py"))]


def grade_class_with(root: Path, attacks: dict[str, Override]) -> Path:
    """An honest student (the reference) and each attack as a student of one class, graded by the
    command line inside the sandbox (skipped where only a plain process is available); OUT."""
    from autograder.cli import main
    from autograder.sandbox.isolation import make_launcher

    try:
        with make_launcher("best") as launcher:
            if launcher.mode == "process":
                pytest.skip("the attacks run only inside bubblewrap or namespaces")
    except RuntimeError as error:
        pytest.skip(str(error))
    submissions = root / "class"
    submissions.mkdir()
    shutil.copytree(KIT_ROOT / "solutions", submissions / "honest")
    for student, attack in attacks.items():
        attack.build(submissions / student)
    out = root / "out"
    assert main(["grade", str(submissions), "-o", str(out), "--jobs", "2"]) == 0
    return out


@pytest.fixture(scope="session")
def kit_root() -> Path:
    return KIT_ROOT


class CountingLauncher:
    """A launcher whose children count the requests they are sent and the children started."""

    def __init__(self, launcher) -> None:
        self.launcher, self.account = launcher, launcher.account
        self.starts = self.requests = 0

    def start(self, folder, limits):
        self.starts += 1
        child = self.launcher.start(folder, limits)
        send = child.send

        def counted(message, fds=()):
            self.requests += 1
            return send(message, fds)

        child.send = counted
        return child
