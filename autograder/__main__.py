"""`python -m autograder` and the `autograder` script: the command line of autograder.cli, in a
process whose NumPy computes with one BLAS thread where the instructor did not choose
(ONE_BLAS_THREAD: the grading process judges small arrays, and an idle pool spins)."""
import os
import sys

from autograder.sandbox.limits import ONE_BLAS_THREAD


def main() -> int:
    for name, value in ONE_BLAS_THREAD.items():  # before anything imports NumPy
        os.environ.setdefault(name, value)
    from autograder.cli import main as command_line

    return command_line()


if __name__ == "__main__":
    sys.exit(main())
