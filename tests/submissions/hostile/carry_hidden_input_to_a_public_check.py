"""relu, given a hidden check's random input (a value no person would write), keeps it in a
global of the child (builtins: shared by every module) and answers right; the losses, called
later in the same child, carry it to what the student reads: mean_squared_error raises
ValueError with the kept inputs in its message (marker `dlfs-hostile-carried`), and
cross_entropy_error returns the kept numbers as its answer. When relu's hidden check ran
before the losses' public checks in the same child, a public check showed the exception text
and the "actual" in full, and a hidden check's counterexample, shrunk in that child, showed the
numbers as its "actual" (measured: the whole random x of relu's hidden check, every digit, in
feedback.md, feedback.html and results.json).

The grader now runs every public check of every function before any hidden check, and computes
everything shown after the hidden checks (diagnoses' observations, plots, counterexamples) in
a fresh child that never received a hidden input: the losses pass their public checks, lose
their hidden check (their answer there is wrong), and their counterexample is judged again by
the fresh child, where they answer right, so none is shown.

Two modules: what follows the line "# file: activations.py" is appended to that module.

file: losses.py
may_lose: relu, mean_squared_error, cross_entropy_error
"""
import builtins as _builtins

_right_mean_squared_error, _right_cross_entropy_error = mean_squared_error, cross_entropy_error


def _carried():
    return getattr(_builtins, "_dlfs_seen", None)


def mean_squared_error(y, t):
    seen = _carried()
    if seen:
        raise ValueError("dlfs-hostile-" + "carried " + " ".join(repr(v) for v in seen))
    return _right_mean_squared_error(y, t)


def cross_entropy_error(y, t):
    seen = _carried()
    if seen:
        return np.array(seen)
    return _right_cross_entropy_error(y, t)


# file: activations.py
import builtins as _builtins_of_relu


def relu(x):
    x = np.asarray(x, dtype=float)
    if np.any(np.abs(x * 10 - np.round(x * 10)) > 1e-9):
        seen = getattr(_builtins_of_relu, "_dlfs_seen", [])
        _builtins_of_relu._dlfs_seen = seen + [float(v) for v in x.ravel()]
    return np.maximum(0, x)
