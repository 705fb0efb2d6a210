"""The kit's own folder stays out of the sandbox wherever it is installed.

The sandbox sees /usr whole (and Python's environment whole): a kit checked out under
/usr/local/src or /usr/src (as Docker images do), or inside the environment, put its reference
solutions within the student's reach. Measured before the fix: the hostile
steal_reference_from_system_folders.py scored full marks with the kit under /usr/local/src.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from autograder.kit import KIT_ROOT
from autograder.sandbox import view

SYSTEM_SOURCES = Path("/usr/local/src")
ATTACK = "steal_reference_from_system_folders"


def _position(operations: list[tuple[str, ...]], wanted: tuple[str, ...]) -> int:
    return operations.index(wanted)


def test_a_kit_under_usr_is_hidden_after_usr_is_bound(monkeypatch, tmp_path):
    kit = "/usr/local/src/dlfs-autograder"
    monkeypatch.setattr(view, "KIT_ROOT", Path(kit))
    operations = view.filesystem_view(tmp_path)
    assert _position(operations, ("tmpfs", kit)) > _position(operations, ("ro-bind", "/usr", "/usr"))
    packages = [op for op in operations if op[0] == "ro-bind" and op[1] == str(view.student_packages()[0])]
    assert _position(operations, ("tmpfs", kit)) < operations.index(packages[0])


def test_an_environment_inside_the_kit_is_bound_back(monkeypatch, tmp_path):
    kit = "/usr/local/src/dlfs-autograder"
    monkeypatch.setattr(view, "KIT_ROOT", Path(kit))
    monkeypatch.setattr(sys, "prefix", f"{kit}/.venv")
    operations = view.filesystem_view(tmp_path)
    hidden = _position(operations, ("tmpfs", kit))
    assert _position(operations, ("ro-bind", f"{kit}/.venv", f"{kit}/.venv")) > hidden


def test_a_kit_outside_what_the_sandbox_binds_needs_no_hiding(monkeypatch, tmp_path):
    monkeypatch.setattr(view, "KIT_ROOT", Path("/home/teacher/dlfs-autograder"))
    assert not [op for op in view.filesystem_view(tmp_path) if op[-1] == "/home/teacher/dlfs-autograder"]


@pytest.mark.skipif(not os.access(SYSTEM_SOURCES, os.W_OK), reason="/usr/local/src is not writable")
def test_the_reference_of_a_kit_under_usr_local_src_is_out_of_reach():
    copy = Path(tempfile.mkdtemp(prefix="dlfs-view-test-", dir=SYSTEM_SOURCES))
    try:
        os.chmod(copy, 0o755)
        for name in ("autograder", "data", "solutions"):
            shutil.copytree(KIT_ROOT / name, copy / name,
                            ignore=shutil.ignore_patterns("__pycache__", "sample_class"))
        script = (
            "import sys, tempfile\n"
            f"sys.path[:0] = [{str(copy)!r}, {str(KIT_ROOT / 'tests')!r}]\n"
            "from pathlib import Path\n"
            "from conftest import overrides\n"
            "from autograder.kit import KIT_ROOT\n"
            f"assert str(KIT_ROOT) == {str(copy)!r}, KIT_ROOT\n"
            "from autograder.grading import grade_submission\n"
            "from autograder.sandbox.isolation import make_launcher\n"
            f"attack = next(o for o in overrides('hostile') if o.path.stem == {ATTACK!r})\n"
            "folder = attack.build(Path(tempfile.mkdtemp()) / 'student')\n"
            "with make_launcher('best') as launcher:\n"
            "    if launcher.mode == 'process':\n"
            "        print('skip'); sys.exit(0)\n"
            "    result = grade_submission(folder, launcher=launcher)\n"
            "print(result.functions['numerical_gradient'].score)\n")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              cwd=tempfile.gettempdir(), check=True)
        shown = done.stdout.strip().splitlines()[-1]
        if shown == "skip":
            pytest.skip("no sandbox here")
        assert float(shown) < 12, "numerical_gradient read the reference under /usr/local/src"
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def test_every_site_packages_of_the_python_and_its_base_is_hidden(tmp_path):
    """A venv's base interpreter (pyenv's, Debian's /usr) keeps its own site-packages, which
    `site.getsitepackages()` does not list from inside the venv; its prefix is bound whole."""
    import site

    wanted = {str(Path(p).resolve()) for p in site.getsitepackages([sys.base_prefix])
              if Path(p).is_dir()}
    hidden = {op[-1] for op in view.filesystem_view(tmp_path) if op[0] == "tmpfs"}
    assert wanted <= hidden


def test_a_conda_base_s_package_cache_and_other_environments_are_hidden(monkeypatch, tmp_path):
    conda = tmp_path / "conda"
    for folder in ("pkgs/scipy-1.14/lib", "envs/other/lib", "lib/python3.11/site-packages"):
        (conda / folder).mkdir(parents=True)
    monkeypatch.setattr(sys, "base_prefix", str(conda))
    hidden = set(view.installed_packages_folders())
    assert {str(conda / "pkgs"), str(conda / "envs"), str(conda / "lib/python3.11/site-packages")} <= hidden
    monkeypatch.setattr(sys, "prefix", str(conda / "envs" / "other"))  # running from that env
    hidden = set(view.installed_packages_folders())
    assert str(conda / "envs") not in hidden and str(conda / "envs" / "other") not in hidden
    (conda / "envs" / "third").mkdir()
    assert str(conda / "envs" / "third") in set(view.installed_packages_folders())
