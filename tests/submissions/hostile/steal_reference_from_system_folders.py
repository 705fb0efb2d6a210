"""numerical_gradient looks for the reference solutions where a kit installed for the whole
machine lies (a checkout under /usr/local/src or /usr/src, a Docker image's /usr/src/app,
/opt, /srv) and, if it can read them, returns their answer; else zeros (wrong).

Measured before the fix: with the kit checked out under /usr/local/src, the sandbox, which sees
/usr whole, read solutions/gradients.py and this numerical_gradient scored full marks. The kit's
own folder is now hidden wherever it lies in what the sandbox sees.

file: gradients.py
may_lose: numerical_gradient
"""
import glob
import os

import numpy as np

ROOTS = ("/usr/local/src", "/usr/src", "/usr/local/share", "/usr/share", "/usr/local/lib",
         "/usr/lib", "/opt", "/srv")


def _stolen():
    for root in ROOTS:
        for depth in ("*", "*/*", "*/*/*"):
            for path in glob.glob(os.path.join(root, depth, "solutions", "gradients.py")):
                try:
                    with open(path) as file:
                        source = file.read()
                except OSError:
                    continue
                namespace = {"__name__": "stolen", "__file__": path}
                try:
                    exec(compile(source, path, "exec"), namespace)
                except BaseException:
                    continue
                if callable(namespace.get("numerical_gradient")):
                    return namespace["numerical_gradient"]
    return None


_found = _stolen()


def numerical_gradient(f, x):
    if _found is not None:
        return _found(f, x)
    return np.zeros_like(np.asarray(x, dtype=float))
