"""The `autograder` command line: a thin layer that parses arguments and calls the kit."""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from autograder.i18n import ENVIRONMENT_VARIABLE, LANGUAGES, set_language
from autograder.kit import KIT_ROOT, MODULES

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _default_folder() -> Path:
    local = Path("assignments")
    return local if local.is_dir() else KIT_ROOT / "assignments"


def cmd_check(args: argparse.Namespace) -> int:
    from autograder.grading import grade_submission
    from autograder.report import render_json, render_table
    from autograder.sandbox.session import Limits

    folder = Path(args.folder) if args.folder else _default_folder()
    if not folder.is_dir():
        print(f"autograder check: {folder} is not a folder (it should hold "
              f"{', '.join(m + '.py' for m in MODULES)})", file=sys.stderr)
        return EXIT_USAGE
    if not any((folder / f"{m}.py").exists() for m in MODULES):
        print(f"autograder check: {folder} holds none of {', '.join(m + '.py' for m in MODULES)}",
              file=sys.stderr)
        return EXIT_USAGE
    result = grade_submission(folder, limits=Limits(call_seconds=args.timeout),
                              functions=args.function or None, plots=bool(args.html))
    print(render_json(result) if args.json else render_table(result))
    if args.html:
        from autograder.feedback import write_feedback_html
        path = write_feedback_html(result, Path(args.html), folder=folder)
        print(f"feedback page written to {path}", file=sys.stderr)
    if result.problems:
        for problem in result.problems:
            print(f"autograder check: {problem}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK if result.passed else EXIT_FAILED


def cmd_stubs(args: argparse.Namespace) -> int:
    from autograder.stubs import write_stubs

    for path in write_stubs(Path(args.output)):
        print(f"wrote {path}")
    return EXIT_OK


def cmd_bundle(args: argparse.Namespace) -> int:
    from autograder.bundle import write_student_bundle

    try:
        path = write_student_bundle(Path(args.output), force=args.force)
    except FileExistsError as error:
        print(f"autograder bundle: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"student bundle written to {path}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description=(
        "Auto-graded exercises for Deep Learning from Scratch, chapters 3 and 4."))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check a folder of solutions and explain what is wrong")
    check.add_argument("folder", nargs="?", help="folder with the four modules (default: assignments/)")
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    check.add_argument("--html", metavar="FILE", help="also write a feedback page (HTML)")
    check.add_argument("--function", action="append", metavar="NAME",
                       help="check only this function (repeatable)")
    check.add_argument("--timeout", type=float, default=3.0, metavar="SECONDS",
                       help="time limit per call of a function (default: 3)")
    check.set_defaults(run=cmd_check)

    if importlib.util.find_spec("autograder.stubs") is not None:  # not in the student bundle
        _add_instructor_commands(commands)

    for register in _extra_commands():
        register(commands)
    for command in commands.choices.values():  # every command speaks the language asked for
        command.add_argument("--lang", choices=LANGUAGES, help=(
            f"language of the messages (default: ${ENVIRONMENT_VARIABLE}, else the locale, else en)"))
    return parser


def _add_instructor_commands(commands: argparse._SubParsersAction) -> None:
    stubs = commands.add_parser("stubs", help="write the student stubs generated from solutions/")
    stubs.add_argument("output", nargs="?", default=str(KIT_ROOT / "assignments"))
    stubs.set_defaults(run=cmd_stubs)

    bundle = commands.add_parser("bundle", help="write what students receive (no answers in it)")
    bundle.add_argument("output", help="folder to create")
    bundle.add_argument("--force", action="store_true", help="replace an existing bundle folder")
    bundle.set_defaults(run=cmd_bundle)


def _extra_commands() -> list:
    """Commands that live in their own subpackages register themselves here."""
    registrars = []
    for module_name in ("autograder.bulk.cli", "autograder.ecosystem.cli"):
        package = module_name.rsplit(".", 1)[0]  # the student bundle ships parts of some
        if importlib.util.find_spec(package) is None or importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        registrars.append(module.register)
    return registrars


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.lang:
        os.environ[ENVIRONMENT_VARIABLE] = set_language(args.lang)  # worker processes inherit it
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
