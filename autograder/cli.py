"""The `autograder` command line: a thin layer that parses arguments and calls the kit."""
from __future__ import annotations

import argparse
import contextlib
import difflib
import enum
import importlib
import importlib.util
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.assignment_of import assignment_for, is_notebook, notebooks_in
from autograder.i18n import (
    ENVIRONMENT_VARIABLE,
    LANGUAGES,
    N_,
    _,
    gettext_for,
    language,
    set_language,
    translated,
)
from autograder.kit import (
    KIT_ROOT,
    assignment,
    assignment_names,
    load_exercises,
    use_assignment,
)
from autograder.sandbox.session import Limits
from autograder.secret import FILE_VARIABLE, user_secret_file
from autograder.secret import VARIABLE as SECRET_VARIABLE
from autograder.terminal import printable

if TYPE_CHECKING:
    from autograder.ecosystem.notebook_code import LineMap

__all__ = ["DEFAULT_LIMITS", "Exit", "add_command", "argparse_in_language", "main"]

DEFAULT_LIMITS = Limits()  # the one source of every command's default timeout and memory


class Exit(enum.IntEnum):
    """The exit status of every `autograder` command."""

    OK = 0  # everything passed, or the command did what it was asked
    FAILED = 1  # something failed: a check, or nothing in a class could be graded
    COULD_NOT_RUN = 2  # a usage error, or the command could not run (an internal error included)
    INTERRUPTED = 130  # Ctrl-C



def _default_folder(name: str | None = None) -> Path:
    stubs = assignment(name).stubs_dir.relative_to(KIT_ROOT)
    return stubs if stubs.is_dir() else KIT_ROOT / stubs


def add_assignment_option(parser: argparse.ArgumentParser, default: str | None = "basics",
                          found: str = "") -> None:
    """`--assignment NAME`: one of data/assignments.toml (other commands' modules use it too);
    with no default, `found` says where the command finds it (the help's text, translated)."""
    parser.add_argument("--assignment", choices=assignment_names(), default=default, metavar="NAME",
                        help=_("the assignment: {names} (default: {default})").format(
                            names=", ".join(assignment_names()),
                            default=default or found or _(
                                "the one the folder holds: its modules, or the exercises its "
                                "notebooks define")))


def add_command(commands: argparse._SubParsersAction, name: str, text: str) -> argparse.ArgumentParser:
    """A subcommand whose one-line `text` (already in the language in force) is both its line in
    `autograder --help` and the description of `autograder NAME --help`."""
    return commands.add_parser(name, help=text, description=text)


def cmd_check(args: argparse.Namespace) -> int:
    from autograder.grading import grade_submission
    from autograder.report import render_json, render_table

    folder = Path(args.folder) if args.folder else _default_folder(args.assignment)
    chosen = assignment(args.assignment) if args.assignment else assignment_for(folder, assignment().name)
    modules = chosen.modules
    if not folder.is_dir():
        print("autograder check: " + _("{folder} is not a folder (it should hold {modules})").format(
            folder=folder, modules=", ".join(m + ".py" for m in modules)), file=sys.stderr)
        return Exit.COULD_NOT_RUN
    misnamed = _misnamed_modules(folder, modules)
    for wrong, right in misnamed:
        print("autograder check: " + _("{found} is not graded: rename it to {name} (module names are "
                                       "case-sensitive)").format(found=printable(wrong), name=right),
              file=sys.stderr)
    held = any((folder / f"{m}.py").exists() for m in modules)
    notebooks = not held and any(is_notebook(n) for n in os.listdir(folder))  # then they are checked
    if not held and not notebooks:
        return _holds_none(folder, modules)
    functions = _function_names(chosen.name)
    unknown = [name for name in args.function or [] if name not in functions]
    if unknown:
        for name in unknown:
            close = difflib.get_close_matches(name, functions, n=3)
            message = (_("no such exercise function (did you mean {close}?); choose from {names}") if close
                       else _("no such exercise function; choose from {names}"))
            print(f"autograder check: --function {printable(name)}: " + message.format(
                close=_(" or ").join(close), names=", ".join(functions)), file=sys.stderr)
        return Exit.COULD_NOT_RUN
    with tempfile.TemporaryDirectory(prefix="dlfs-check-") as extracted:
        graded = folder
        lines: LineMap = {}
        if notebooks:
            try:
                graded, lines = _notebooks_code(folder, Path(extracted), chosen.name)
            except (ValueError, OSError) as unreadable:
                print(f"autograder check: {printable(translated(str(unreadable)))}", file=sys.stderr)
                return Exit.COULD_NOT_RUN
            if not any((graded / f"{m}.py").exists() for m in modules):
                return _holds_none(folder, modules)
        result = grade_submission(graded, limits=Limits(call_seconds=args.timeout),
                                  functions=args.function or None, plots=bool(args.html),
                                  assignment=chosen.name)
    with use_assignment(chosen):  # the points note counts this assignment's hidden checks
        if lines:  # name the notebook, cell and line the student wrote, not the module made from it
            from autograder.ecosystem.notebook_code import name_the_notebooks

            name_the_notebooks(result, lines)
        print(render_json(result) if args.json else printable(render_table(result), keep_newlines=True))
        if args.html:
            from autograder.feedback import write_feedback_html
            path = write_feedback_html(result, Path(args.html), folder=folder)
            print(_("feedback page written to {path}").format(path=path), file=sys.stderr)
    if result.problems:
        for problem in result.problems:
            print(f"autograder check: {printable(problem, keep_newlines=True)}", file=sys.stderr)
        return Exit.COULD_NOT_RUN
    return Exit.OK if result.passed else Exit.FAILED


def _holds_none(folder: Path, modules: Sequence[str]) -> int:
    """Say that `folder` holds none of the modules (nor notebooks giving them): a usage error."""
    print("autograder check: " + _("{folder} holds none of {modules}").format(
        folder=folder, modules=", ".join(m + ".py" for m in modules)), file=sys.stderr)
    return Exit.COULD_NOT_RUN


def _notebooks_code(folder: Path, destination: Path, assignment_name: str) -> tuple[Path, LineMap]:
    """`destination`, holding the modules of `folder`'s notebooks (their code cells, IPython's
    magics and shell lines left out, as `grade` reads them), and their line map; notes on cells
    left out go to the error stream. Raises ValueError naming a notebook that cannot be read."""
    from autograder.ecosystem.notebook_code import extract_notebooks

    notebooks = [(path.name, path.read_bytes()) for path in notebooks_in(folder)]
    with use_assignment(assignment_name):
        modules, notes, lines = extract_notebooks(notebooks)
    for module, text in modules.items():
        (destination / f"{module}.py").write_text(text, encoding="utf-8", errors="surrogateescape")
    for note in notes:
        print(f"autograder check: {printable(translated(note))}", file=sys.stderr)
    return destination, lines


def _function_names(assignment_name: str) -> list[str]:
    return [e.function for e in load_exercises(assignment_name)]


def _misnamed_modules(folder: Path, modules: Sequence[str]) -> list[tuple[str, str]]:
    """(found, expected) for each module whose file name differs only in case (Activations.py)."""
    try:
        names = set(os.listdir(folder))
    except OSError:
        return []
    return [(name, f"{m}.py") for m in modules if f"{m}.py" not in names
            for name in sorted(names) if name.lower() == f"{m}.py"]


def cmd_stubs(args: argparse.Namespace) -> int:
    from autograder.stubs import write_stubs

    output = Path(args.output) if args.output else assignment(args.assignment).stubs_dir
    for path in write_stubs(output, assignment=args.assignment):
        print(_("wrote {path}").format(path=path))
    return Exit.OK


def cmd_bundle(args: argparse.Namespace) -> int:
    from autograder.bundle import write_student_bundle

    try:
        path = write_student_bundle(Path(args.output), force=args.force,
                                    assignments=args.assignment or None)
    except FileExistsError as error:
        print(f"autograder bundle: {error}", file=sys.stderr)
        return Exit.COULD_NOT_RUN
    print(_("student bundle written to {path}").format(path=path))
    return Exit.OK


def cmd_audit(args: argparse.Namespace) -> int:
    from autograder.diagnosis.audit import DEFAULT_SEED, audit, render_audit, rubric_from

    result = audit(rubric_from(Path(args.rubric)) if args.rubric else None,
                   seed=DEFAULT_SEED if args.seed is None else args.seed, limit=args.limit)
    print(render_audit(result))
    return Exit.OK if result.ok else Exit.FAILED


def cmd_mutants(args: argparse.Namespace) -> int:
    from autograder.diagnosis.signatures import write_models

    print(_("wrote {path}").format(path=write_models()))
    return Exit.OK


def build_parser() -> argparse.ArgumentParser:
    """The command line, its texts in the language in force (build it inside
    `argparse_in_language()` for argparse's own words too)."""
    parser = argparse.ArgumentParser(prog="autograder", description=_(
        "Auto-graded exercises for Deep Learning from Scratch, chapters 3 and 4."))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     title=_("commands"))

    check = add_command(commands, "check", _("check a folder of solutions and explain what is wrong"))
    check.add_argument("folder", nargs="?", metavar="FOLDER", help=_(
        "folder with the assignment's modules (default: assignments/, or assignments/training/)"))
    add_assignment_option(check, default=None)
    check.add_argument("--json", action="store_true", help=_("print the results as JSON"))
    check.add_argument("--html", metavar="FILE", help=_("also write a feedback page (HTML)"))
    check.add_argument("--function", action="append", metavar="NAME",
                       help=_("check only this function (repeatable)"))
    check.add_argument("--timeout", type=positive(float), default=DEFAULT_LIMITS.call_seconds,
                       metavar="SECONDS",
                       help=_("time limit per call of a function (default: {seconds})").format(
                           seconds=f"{DEFAULT_LIMITS.call_seconds:g}"))
    check.set_defaults(run=cmd_check)

    if importlib.util.find_spec("autograder.stubs") is not None:  # not in the student bundle
        _add_instructor_commands(commands)

    for register in _extra_commands():
        register(commands)
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of the messages (as after a command)"))
    for command in commands.choices.values():  # every command speaks the language asked for
        command.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_(
            "language of the messages (default: ${variable}, else the locale, else en)").format(
            variable=ENVIRONMENT_VARIABLE))
        command.add_argument("--secret-file", metavar="FILE", help=_(
            "the instructor's secret that hidden checks' inputs are drawn with (default: "
            "${variable}, else ${file_variable}, else {path}, made on first use)").format(
            variable=SECRET_VARIABLE, file_variable=FILE_VARIABLE, path=user_secret_file()))
    return parser


def _add_instructor_commands(commands: argparse._SubParsersAction) -> None:
    stubs = add_command(commands, "stubs", _("write the student stubs generated from solutions/"))
    stubs.add_argument("output", nargs="?", metavar="OUT", help=_("default: the assignment's stubs folder"))
    add_assignment_option(stubs)
    stubs.set_defaults(run=cmd_stubs)

    bundle = add_command(commands, "bundle", _("write what students receive (no answers in it), "
                                               "in the language of --lang"))
    bundle.add_argument("output", metavar="OUT", help=_("folder to create"))
    bundle.add_argument("--force", action="store_true", help=_("replace an existing bundle folder"))
    bundle.add_argument("--assignment", action="append", choices=assignment_names(), metavar="NAME",
                        help=_("an assignment to include (repeatable; default: every one)"))
    bundle.set_defaults(run=cmd_bundle)

    audit = add_command(commands, "audit", _("check that the rubric catches the mutants of the "
                                             "reference and passes the correct variants"))
    audit.add_argument("--rubric", metavar="FILE", help=_("a rubric to audit (default: the kit's)"))
    audit.add_argument("--seed", type=int, help=_("seed of the random inputs (default: 2024)"))
    audit.add_argument("--limit", type=int, metavar="N", help=_("audit N mutants drawn with the seed"))
    audit.set_defaults(run=cmd_audit)

    mutants = add_command(commands, "mutants", _("regenerate the error models' signatures "
                                                 "(data/diagnosis_models.json)"))
    mutants.add_argument("--write", action="store_true", required=True,
                         help=_("write the data file"))
    mutants.set_defaults(run=cmd_mutants)


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


def positive(kind: type) -> Callable[[str], object]:
    """An argparse type: a number of `kind` above zero."""
    def parse(text: str) -> object:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("{text} is not a number").format(text=repr(text))) from None
        if not value > 0 or value != value or value == float("inf"):
            raise argparse.ArgumentTypeError(_("{text} must be a positive number").format(text=repr(text)))
        return value
    return parse


# argparse's own words, which it looks up with gettext: the kit's catalogue gives their Korean.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_("one of the arguments %s is required"),
)


@contextlib.contextmanager
def argparse_in_language() -> Iterator[None]:
    """argparse's own words ("usage:", "options:", "show this help message and exit", its
    errors) in the language in force: argparse looks them up through its module's `_` and
    `ngettext`, which stand for the kit's catalogue inside the block."""
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext")}
    setattr(argparse, "_", lambda message: gettext_for(language()).gettext(message))  # noqa: B010
    setattr(argparse, "ngettext",  # noqa: B010
            lambda singular, plural, n: gettext_for(language()).ngettext(singular, plural, n))
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(argparse, name, value)


def _language_asked(argv: Sequence[str]) -> str | None:
    """The value of --lang in `argv`, read before parsing so that --help speaks it too."""
    for number, argument in enumerate(argv):
        if argument == "--lang" and number + 1 < len(argv):
            return argv[number + 1]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status (see Exit). A defect of the kit exits 2, not 1."""
    argv = sys.argv[1:] if argv is None else list(argv)
    with contextlib.suppress(ValueError):  # an unknown language: argparse says so below
        set_language(_language_asked(argv))
    with argparse_in_language():
        parser = build_parser()
        args = parser.parse_args(argv)
        if getattr(args, "secret_file", None) and not Path(args.secret_file).is_file():
            parser.error(_("no secret file {path}").format(path=printable(args.secret_file)))
    if args.lang:
        os.environ[ENVIRONMENT_VARIABLE] = set_language(args.lang)  # worker processes inherit it
    if getattr(args, "secret_file", None):  # workers inherit it; it wins over $AUTOGRADER_SECRET
        os.environ[FILE_VARIABLE] = str(Path(args.secret_file).resolve())
        os.environ.pop(SECRET_VARIABLE, None)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print(f"autograder {args.command}: " + _("interrupted"), file=sys.stderr)
        return Exit.INTERRUPTED
    except Exception as error:  # a defect of the kit: "could not run", never "failed"
        if os.environ.get("AUTOGRADER_DEBUG"):
            traceback.print_exc()
        print(f"autograder {args.command}: " + _(
            "could not run: {error} (an internal error of the autograder; set AUTOGRADER_DEBUG=1 to see "
            "where, and please report it)").format(error=printable(repr(error))),
              file=sys.stderr)
        return Exit.COULD_NOT_RUN


if __name__ == "__main__":
    sys.exit(main())
