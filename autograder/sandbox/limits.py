"""What one submission may use: every sandbox default (times, memory, processes) defined once."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ONE_BLAS_THREAD", "OPEN_FILES", "READY_SECONDS", "START_SECONDS", "Limits"]

START_SECONDS = 20.0  # a child's interpreter and NumPy start-up, on a loaded machine
READY_SECONDS = 30.0  # a fork server's start-up (it loads NumPy once for all its children)
# Descriptors a child's process may open (RLIMIT_NOFILE). The kernel counts descriptors in flight
# on Unix sockets per user and refuses a sender more once that count passes the sender's own
# RLIMIT_NOFILE; as an ordinary user a child is the instructor's uid outside, as the grading
# process and the fork servers are (which send each call's inputs and each child's socket, under
# Linux's usual 1,024). So a child can put at most this many and one message (253) in flight.
OPEN_FILES = 256
# The BLAS threads of every process the kit starts, where the instructor did not choose: the
# judge's and the students' arrays are small, and OpenBLAS's pool of a thread per core spins
# between their products (3 % of a grading worker's CPU by `perf`). Set before NumPy loads.
ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Times are per call or import (wall clock) and per child (CPU);
    memory and processes hold for the child's whole process tree where a cgroup is writable
    (`autograder.sandbox.cgroups`), else per process (rlimits).

    An import gets more time than a call: learners' modules often import matplotlib (the book's
    ch04 scripts plot at import), which alone can take seconds on a loaded machine.
    """

    call_seconds: float = 3.0
    import_seconds: float = 10.0
    cpu_seconds: int = 60
    memory_mb: int = 1024
    file_mb: int = 16
    processes: int = 64

    def for_child(self) -> dict[str, int]:
        return {"memory_mb": self.memory_mb, "cpu_seconds": self.cpu_seconds,
                "file_mb": self.file_mb, "processes": self.processes, "open_files": OPEN_FILES}
