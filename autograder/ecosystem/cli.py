"""The `nbgrader`, `gradescope` and `classroom` subcommands, registered into `autograder`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.cli import Exit, add_assignment_option, add_command
from autograder.i18n import _

__all__ = ["cmd_classroom", "cmd_gradescope", "cmd_nbgrader", "register"]


def cmd_nbgrader(args: argparse.Namespace) -> int:
    from autograder.ecosystem.nbgrader_course import write_course

    for path in write_course(Path(args.course), assignment=args.assignment):
        print(_("wrote {path}").format(path=path))
    command = f"cd {args.course} && nbgrader generate_assignment {args.assignment}"
    print(_("next: {command}").format(command=command))
    return Exit.OK


def cmd_gradescope(args: argparse.Namespace) -> int:
    from autograder.ecosystem.gradescope import write_autograder_zip

    path = write_autograder_zip(Path(args.output), assignment_name=args.assignment)
    print(_("Gradescope autograder written to {path}: upload it as the assignment's autograder").format(
        path=path))
    return Exit.OK


def cmd_classroom(args: argparse.Namespace) -> int:
    from autograder.ecosystem.classroom import write_classroom_workflow

    folder = Path(args.folder)
    if not folder.is_dir():
        print("autograder classroom: " + _("{folder} is not a folder (give the template repository)").format(
            folder=folder),
              file=sys.stderr)
        return Exit.COULD_NOT_RUN
    path = write_classroom_workflow(folder, submission=args.submission,
                                    assignment_name=args.assignment)
    print(_("wrote {path}").format(path=path))
    return Exit.OK


def register(commands: argparse._SubParsersAction) -> None:
    nbgrader = add_command(commands, "nbgrader", _("write an nbgrader course with the notebooks, in the "
                                                   "language of --lang"))
    nbgrader.add_argument("course", metavar="COURSE_DIR", help=_("the nbgrader course folder"))
    nbgrader.add_argument("--assignment", default="dlfs",
                          help=_("nbgrader assignment name (default: dlfs, the basics notebooks; "
                                 "training: the training notebook)"))
    nbgrader.set_defaults(run=cmd_nbgrader)

    gradescope = add_command(commands, "gradescope", _("build the autograder zip Gradescope expects"))
    gradescope.add_argument("output", metavar="OUT.zip", help=_("the zip file to write"))
    add_assignment_option(gradescope)
    gradescope.set_defaults(run=cmd_gradescope)

    classroom = add_command(commands, "classroom", _("write the GitHub Classroom autograding workflow"))
    classroom.add_argument("folder", metavar="DIR", help=_("the assignment's template repository"))
    classroom.add_argument("--submission", metavar="FOLDER",
                           help=_("where students' modules are in the repository (default: the "
                                  "assignment's stubs folder: assignments, assignments/training)"))
    add_assignment_option(classroom)
    classroom.set_defaults(run=cmd_classroom)
