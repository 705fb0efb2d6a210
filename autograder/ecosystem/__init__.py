"""Notebooks and the grading ecosystem: nbgrader, check() in Jupyter, Gradescope, Classroom."""
