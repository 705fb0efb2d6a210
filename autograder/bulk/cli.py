"""The `grade` and `merge` subcommands, registered into the `autograder` command line."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from autograder.bulk.workers import BEST
from autograder.cli import DEFAULT_LIMITS, Exit, add_assignment_option, add_command, positive
from autograder.i18n import _, translated

__all__ = ["MIN_MEMORY_MB", "cmd_grade", "cmd_merge", "register"]

MIN_MEMORY_MB = 128  # below this, NumPy cannot even be imported in the sandbox (64 MB fails)


def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.bulk.course import grade_course, is_course
    from autograder.bulk.progress import render_summary
    from autograder.bulk.run import DiskFull, GradingError, grade_class, parse_shard

    if args.memory < MIN_MEMORY_MB:
        print("autograder grade: " + _(
            "--memory {memory} MB is too small: NumPy alone needs about {least} MB to load, so every "
            "student would lose every point; give at least {least} (default: {default})").format(
            memory=args.memory, least=MIN_MEMORY_MB, default=DEFAULT_LIMITS.memory_mb), file=sys.stderr)
        return Exit.COULD_NOT_RUN
    cores = os.cpu_count() or 1
    if args.jobs and args.jobs > cores:
        print("autograder grade: " + _(
            "warning: --jobs {jobs} is more than the {cores} cores of this machine: submissions will "
            "compete for them and time limits may expire on honest code").format(jobs=args.jobs, cores=cores),
              file=sys.stderr)
    try:
        options = {"jobs": args.jobs, "timeout": args.timeout, "memory_mb": args.memory,
                   "force": args.force, "shard": parse_shard(args.shard),
                   "isolation": args.isolation}
        if args.assignment is None and is_course(Path(args.submissions)):  # one folder per assignment
            for name, summary in grade_course(Path(args.submissions), Path(args.output),
                                              **options).items():
                print(f"{name}:\n" + render_summary(summary, str(Path(args.output) / name)))
            print(_("course gradebook: {path}").format(path=Path(args.output) / "grades.csv"))
            return Exit.OK
        summary = grade_class(Path(args.submissions), Path(args.output),
                              assignment=args.assignment or _assignment_held(Path(args.submissions)),
                              **options)
    except DiskFull as error:
        print("autograder grade: " + _("stopped: {error}").format(error=translated(str(error))),
              file=sys.stderr)
        return Exit.COULD_NOT_RUN
    except GradingError as error:
        print(f"autograder grade: {translated(str(error))}", file=sys.stderr)
        return Exit.COULD_NOT_RUN
    except KeyboardInterrupt:
        print("autograder grade: " + _("interrupted; finished grades are kept, run the same command "
                                       "again to go on"), file=sys.stderr)
        return Exit.INTERRUPTED
    print(render_summary(summary, args.output))
    if summary["students"] == 0:
        print("autograder grade: " + _("{folder} holds no submission (one folder, .zip, .py or notebook per "
                                       "student)").format(folder=args.submissions), file=sys.stderr)
        return Exit.FAILED
    if summary["graded"] == 0:
        print("autograder grade: " + _("none of the {count} entries could be graded (grades.csv and "
                                       "summary.json say why)").format(count=summary["students"]),
              file=sys.stderr)
        return Exit.FAILED
    return Exit.OK


def _assignment_held(submissions: Path) -> str | None:
    """The assignment the students hand in (discover.assignment_held), said where it is not the
    default, or where no submission says which it is."""
    from autograder.bulk.discover import assignment_held, discover
    from autograder.kit import current_assignment

    if not submissions.is_dir():
        return None  # grade_class says what is wrong with it
    entries = discover(submissions)
    held = assignment_held(entries)
    if held is None and any(entry.kind for entry in entries):
        print("autograder grade: " + _("no submission shows which assignment it is (none holds an "
                                       "assignment's modules or defines its exercises): graded as "
                                       "{assignment} (--assignment chooses)").format(
            assignment=current_assignment().name), file=sys.stderr)
    elif held is not None and held != current_assignment().name:
        notice = _("the submissions hold the modules or exercises of {assignment}: graded as {assignment} "
                   "(--assignment chooses)")
        print("autograder grade: " + notice.format(assignment=held), file=sys.stderr)
    return held


def cmd_merge(args: argparse.Namespace) -> int:
    from autograder.bulk.merge import assignment_graded, merge_outputs, read_slice
    from autograder.bulk.progress import render_summary
    from autograder.bulk.run import GradingError
    from autograder.kit import use_assignment

    try:
        slices = [read_slice(Path(folder)) for folder in args.slices]
        graded = assignment_graded(slices)
        if args.assignment and graded and args.assignment != graded:
            raise GradingError(f"the slices were graded as {graded}, not {args.assignment}")
        with use_assignment(args.assignment or graded):  # the gradebook's columns are its functions
            summary = merge_outputs(slices, Path(args.output))
    except (GradingError, OSError, ValueError) as error:
        print(f"autograder merge: {translated(str(error))}", file=sys.stderr)
        return Exit.COULD_NOT_RUN
    print(render_summary(summary, args.output))
    return Exit.OK


def register(commands: argparse._SubParsersAction) -> None:
    grade = add_command(commands, "grade", _("grade a whole class into a folder of results, in the "
                                             "language of --lang"))
    grade.add_argument("submissions", metavar="SUBMISSIONS",
                       help=_("folder with one entry per student: a folder, a .zip, a .py or notebooks"))
    grade.add_argument("-o", "--output", metavar="OUT", required=True,
                       help=_("folder for grades.csv, summary.json and one folder per student"))
    grade.add_argument("--jobs", type=positive(int), metavar="N",
                       help=_("submissions graded at once (default: the number of cores)"))
    grade.add_argument("--timeout", type=positive(float), default=DEFAULT_LIMITS.call_seconds,
                       metavar="SECONDS", help=_("time limit per call of a student's function "
                                                 "(default: {seconds})").format(
                           seconds=f"{DEFAULT_LIMITS.call_seconds:g}"))
    grade.add_argument("--memory", type=positive(int), default=DEFAULT_LIMITS.memory_mb, metavar="MB",
                       help=_("memory limit of a student's process (default: {memory})").format(
                           memory=DEFAULT_LIMITS.memory_mb))
    grade.add_argument("--force", action="store_true",
                       help=_("grade every submission again, even unchanged ones"))
    grade.add_argument("--shard", default="1/1", metavar="K/N",
                       help=_("grade only the K-th of N slices (by student id); join with merge"))
    grade.add_argument("--isolation", default=BEST, choices=isolation_choices(),
                       help=_("sandbox for student code (default: the strongest available)"))
    add_assignment_option(grade, default=None, found=_(  # or each folder's, in a course folder
        "the one the submissions hold: their modules, or the exercises they define"))
    grade.set_defaults(run=cmd_grade)

    merge = add_command(commands, "merge", _("join the outputs of `grade --shard` runs"))
    merge.add_argument("slices", nargs="+", metavar="OUT_K", help=_("output folders of the slices"))
    merge.add_argument("-o", "--output", metavar="OUT", required=True, help=_("folder to write"))
    add_assignment_option(merge, default=None, found=_("the one the slices were graded as"))
    merge.set_defaults(run=cmd_merge)


def isolation_choices() -> tuple[str, ...]:
    """The sandbox's own list of isolation kinds."""
    try:
        from autograder.sandbox.isolation import KINDS
    except ImportError:
        return (BEST,)
    return tuple(KINDS)
