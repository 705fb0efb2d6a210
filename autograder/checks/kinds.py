"""Every kind of check by the name the rubric uses: the public ones, and the hidden ones where they ship.

Importing this module registers the kinds (each check module registers its own with
`check_kind`); the package itself imports no check, so the checks may import it freely.
"""
from __future__ import annotations

import contextlib

import autograder.checks.public  # noqa: F401 - registers the public kinds
from autograder.checks import KINDS

with contextlib.suppress(ImportError):  # the student bundle has no hidden checks
    import autograder.checks.hidden  # noqa: F401

__all__ = ["KINDS"]
