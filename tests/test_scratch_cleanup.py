"""A run killed before it could clean up (kill -9, a lost terminal) leaves its scratch folder in
/dev/shm: copies of students' code, in memory until the machine restarts. The next run removes
the folders of runs that are gone, and only those. (Counted on the shared test machine after a
few hours of test runs: 25 such folders, each with a student's four modules.)"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from autograder.bulk.workers import SCRATCH_PREFIX, scratch_root


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _base() -> Path:
    memory = Path("/dev/shm")
    return memory if memory.is_dir() and os.access(memory, os.W_OK) else Path(tempfile.gettempdir())


def test_the_scratch_folder_of_a_killed_run_is_removed_by_the_next():
    abandoned = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{_dead_pid()}-", dir=_base()))
    (abandoned / "worker" / "student").mkdir(parents=True)
    (abandoned / "worker" / "student" / "activations.py").write_text("def relu(x): ...\n")
    alive = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=_base()))
    fresh = scratch_root()
    try:
        assert not abandoned.exists()
        assert alive.is_dir(), "a running grade's folder is kept"
    finally:
        for folder in (abandoned, alive, fresh):
            shutil.rmtree(folder, ignore_errors=True)
