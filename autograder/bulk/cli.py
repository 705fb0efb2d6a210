"""The `grade` and `merge` subcommands, registered into the `autograder` command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["cmd_grade", "cmd_merge", "register"]

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130


def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.bulk.course import grade_course, is_course
    from autograder.bulk.progress import render_summary
    from autograder.bulk.run import GradingError, grade_class, parse_shard

    try:
        options = {"jobs": args.jobs, "timeout": args.timeout, "memory_mb": args.memory,
                   "force": args.force, "shard": parse_shard(args.shard),
                   "isolation": args.isolation}
        if args.assignment is None and is_course(Path(args.submissions)):  # one folder per assignment
            for name, summary in grade_course(Path(args.submissions), Path(args.output),
                                              **options).items():
                print(f"{name}:\n" + render_summary(summary, str(Path(args.output) / name)))
            print(f"course gradebook: {Path(args.output) / 'grades.csv'}")
            return EXIT_OK
        summary = grade_class(Path(args.submissions), Path(args.output),
                              assignment=args.assignment, **options)
    except GradingError as error:
        print(f"autograder grade: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("autograder grade: interrupted; finished grades are kept, run the same command "
              "again to go on", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(render_summary(summary, args.output))
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from autograder.bulk.merge import merge_outputs
    from autograder.bulk.progress import render_summary
    from autograder.bulk.run import GradingError
    from autograder.kit import use_assignment

    try:
        with use_assignment(args.assignment):  # the gradebook's columns are its functions
            summary = merge_outputs([Path(s) for s in args.slices], Path(args.output))
    except (GradingError, OSError, ValueError) as error:
        print(f"autograder merge: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(render_summary(summary, args.output))
    return EXIT_OK


def _positive(kind: type):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} must be positive")
        return value
    return parse


def register(commands: argparse._SubParsersAction) -> None:
    grade = commands.add_parser("grade", help="grade a whole class into a folder of results")
    grade.add_argument("submissions", metavar="SUBMISSIONS",
                       help="folder with one entry per student: a folder, a .zip, a .py or notebooks")
    grade.add_argument("-o", "--output", metavar="OUT", required=True,
                       help="folder for grades.csv, summary.json and one folder per student")
    grade.add_argument("--jobs", type=_positive(int), metavar="N",
                       help="submissions graded at once (default: the number of cores)")
    grade.add_argument("--timeout", type=_positive(float), default=3.0, metavar="SECONDS",
                       help="time limit per call of a student's function (default: 3)")
    grade.add_argument("--memory", type=_positive(int), default=1024, metavar="MB",
                       help="memory limit of a student's process (default: 1024)")
    grade.add_argument("--force", action="store_true",
                       help="grade every submission again, even unchanged ones")
    grade.add_argument("--shard", default="1/1", metavar="K/N",
                       help="grade only the K-th of N slices (by student id); join with merge")
    grade.add_argument("--isolation", default="best",
                       choices=("best", "bubblewrap", "namespaces", "process"),
                       help="sandbox for student code (default: the strongest available)")
    from autograder.cli import add_assignment_option
    add_assignment_option(grade, default=None)  # None: basics, or each folder of a course
    grade.set_defaults(run=cmd_grade)

    merge = commands.add_parser("merge", help="join the outputs of `grade --shard` runs")
    merge.add_argument("slices", nargs="+", metavar="OUT_K", help="output folders of the slices")
    merge.add_argument("-o", "--output", metavar="OUT", required=True, help="folder to write")
    add_assignment_option(merge, default=None)
    merge.set_defaults(run=cmd_merge)
