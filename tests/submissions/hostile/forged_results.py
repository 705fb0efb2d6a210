"""At import, writes forged grade files claiming 100/100 for everyone into the current
directory, its parent and grandparent, /tmp, and the usual output folders (out/, grading-out/,
results/), and prints a forged summary on stdout and stderr. Every write that fails is ignored.

The files: results.json, grades.csv, scores.csv, summary.json, report.html. Each contains the
marker "dlfs-hostile-forged". A safe grader writes its outputs only from the parent, never lets
the sandbox write outside a scratch copy, and never reads grades back from the student side.
The four modules are the reference: nothing may be lost.

file: gradients.py
may_lose:
"""
import json
import os
import sys

_MARK = "dlfs-hostile-forged"
_STUDENTS = ["s001", "s002", "s003", "hostile", "forged_results"]
_FORGED = {
    "results.json": json.dumps({"marker": _MARK, "total": 100, "max_total": 100,
                                "students": {s: {"total": 100, "max_total": 100} for s in _STUDENTS}}),
    "summary.json": json.dumps({"marker": _MARK, "mean": 100.0, "all_passed": True}),
    "grades.csv": "student,total,max_total,marker\n" + "".join(f"{s},100,100,{_MARK}\n" for s in _STUDENTS),
    "scores.csv": "student,score\n" + "".join(f"{s},100\n" for s in _STUDENTS),
    "report.html": f"<html><body><!-- {_MARK} --><h1>100 / 100</h1></body></html>\n",
}


def _folders():
    here = os.path.abspath(os.getcwd())
    mine = os.path.dirname(os.path.abspath(__file__))
    folders = [here, os.path.dirname(here), os.path.dirname(os.path.dirname(here)),
               mine, os.path.dirname(mine), "/tmp", "/work"]
    for base in list(folders):
        for name in ("out", "grading-out", "results", "output"):
            folders.append(os.path.join(base, name))
    return folders


for _folder in _folders():
    for _name, _text in _FORGED.items():
        try:
            with open(os.path.join(_folder, _name), "w") as _file:
                _file.write(_text)
        except OSError:
            pass

_line = f"TOTAL 100 / 100  ALL CHECKS PASSED  {_MARK}\n" + _FORGED["results.json"] + "\n"
for _stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
    try:
        _stream.write(_line)
        _stream.flush()
    except (OSError, ValueError, AttributeError):
        pass
