"""An nbgrader course folder: `nbgrader_config.py` and the generated notebooks under source/."""
from __future__ import annotations

from pathlib import Path

from autograder.ecosystem.notebooks import write_notebooks

__all__ = ["ASSIGNMENT", "write_course"]

ASSIGNMENT = "dlfs"

CONFIG = '''"""nbgrader configuration written by `autograder nbgrader`."""
c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "{course_id}"
# The kit's stub: the same two lines `autograder stubs` writes in assignments/.
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
# Each test cell grades one function in a sandboxed child process; give the kernel time.
c.Execute.timeout = 300
'''


def write_course(course: Path, *, assignment: str = ASSIGNMENT, course_id: str = "dlfs") -> list[Path]:
    """Write (or refresh) the course's config and source/<assignment>/*.ipynb; return the files.

    An nbgrader assignment named like one of the kit's (data/assignments.toml: `training`) gets
    that assignment's notebooks; any other name, `basics`'s."""
    course.mkdir(parents=True, exist_ok=True)
    config = course / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG.format(course_id=course_id), encoding="utf-8")
    source = course / "source" / assignment
    if assignment == "training":
        from autograder.ecosystem.training_notebook import write_training_notebook
        return [config, write_training_notebook(source)]
    return [config, *write_notebooks(source)]
