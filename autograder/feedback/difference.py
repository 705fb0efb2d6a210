"""The difference between a student's value and the expected one, in plain, neutral words.

Computed from the values themselves, never from the code and never guessing a cause: "twice
the expected value", "each row sums to 3, not 1", "nan from the second row on", "a (1,) array
where a number is expected", "differs from the expected value by about 1e-07 (relative)".
Every description has a `kind`, the same for the same sort of difference whatever the values
(`scale:2`, `row-sums`, `nonfinite`, ...): a function's failures with the same kind are one
cause and are shown as one block. The numbers of one call are put last, in "(here ...)", so
that the words before them hold for every check of the block. When nothing more precise is
true, it says "differs from the expected value" with the largest difference and where
(`reveal=False`, for a hidden check, leaves those numbers out).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.sandbox.codec import ForeignObject

__all__ = ["Difference", "describe_change", "describe_difference", "describe_dtype",
           "describe_probabilities", "describe_shape"]

SMALL = 1e-3  # a relative difference below this is "only in the n-th significant digit"
NAMED_RATIOS = {2.0: "twice the expected value", 0.5: "half the expected value",
                -1.0: "the expected value with the opposite sign",
                3.0: "three times the expected value", 10.0: "10 times the expected value",
                0.1: "a tenth of the expected value", -2.0: "-2 times the expected value",
                -0.5: "-1/2 times the expected value"}
NAMED_CONSTANTS = {math.log(10): "ln 10", 1 / math.log(10): "1/ln 10", math.e: "e",
                   math.pi: "pi", math.sqrt(2): "sqrt(2)"}
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth"]


@dataclass(frozen=True)
class Difference:
    """A neutral description and its kind (the same kind is the same cause when grouping)."""

    kind: str
    text: str


def describe_difference(expected: Any, actual: Any, inputs: dict[str, Any] | None = None, *,
                        reveal: bool = True) -> Difference:
    """How `actual` differs from `expected` (numbers or arrays), in plain words."""
    inputs = inputs or {}
    wanted = np.asarray(expected, dtype=np.float64)
    got = _numeric(actual)
    if actual is None:
        return Difference("none", "None, what a function without `return` gives")
    if got is None:
        return Difference("type", f"{_what_it_is(actual)} where {_shape_phrase(wanted)} is expected")
    if wanted.ndim == 0 and got.size == 1 and got.ndim == 1:
        got = got.reshape(())  # a (1,) array passes for a number: describe its value
    if got.shape != wanted.shape:
        return describe_shape(wanted, got)
    if wanted.size == 0:
        return Difference("other", "differs from the expected value")
    nonfinite = _nonfinite(wanted, got)
    if nonfinite is not None:
        return nonfinite
    if _is_int_array(actual) and not np.allclose(wanted, np.round(wanted)):
        return Difference("dtype:int", "an integer array where floats are expected"
                          + (": the fractions are cut off" if np.array_equal(got, np.trunc(wanted))
                             else ""))
    for describe in (_small, _zeros, _scale, _offset, _complement, _reciprocal, _rows, _row_sums,
                     _order, _equals_input, _elements_by_input_sign, _elements):
        found = describe(wanted, got, inputs)
        if found is not None:
            return found
    return _largest(wanted, got, reveal)


def describe_shape(wanted: np.ndarray, got: np.ndarray) -> Difference:
    """An array of the wrong shape: what it is, and what its values are when that is clear."""
    text = f"{_shape_phrase(got)} where {_shape_phrase(wanted)} is expected"
    kind = f"shape:{_ndim_word(got)}-for-{_ndim_word(wanted)}"
    if got.ndim == 2 and got.shape == wanted.shape[::-1] and np.allclose(got.T, wanted):
        return Difference("shape:transposed", text + ": the transpose of the expected value")
    if got.size == wanted.size and np.allclose(got.ravel(), wanted.ravel()):
        return Difference(kind, text + ", with the expected values in it")
    if got.size == 1 and wanted.size > 1:
        number = float(got.ravel()[0])
        for name, value in (("the sum of the expected values", wanted.sum()),
                            ("the mean of the expected values", wanted.mean()),
                            ("the last expected value", wanted.ravel()[-1]),
                            ("the first expected value", wanted.ravel()[0]),
                            ("the largest expected value", wanted.max())):
            if np.isclose(number, value, rtol=1e-9, atol=1e-12):
                return Difference(kind, f"{text}: {name}")
    if wanted.ndim >= 1 and got.ndim >= 1 and got.shape[1:] == wanted.shape[1:]:
        unit = "rows" if wanted.ndim > 1 else "elements"
        return Difference(kind, text + f" ({got.shape[0]} {unit} instead of {wanted.shape[0]})")
    return Difference(kind, text)


def _ndim_word(array: np.ndarray) -> str:
    return "number" if array.ndim == 0 else f"{array.ndim}d"


def describe_dtype(actual: Any) -> Difference:
    """A value of the wrong type where an integer array is expected (the values may be right)."""
    if isinstance(actual, np.ndarray):
        kind = {"b": "booleans (True/False)", "f": "floats", "c": "complex numbers"}.get(
            actual.dtype.kind, f"values of dtype {actual.dtype}")
        return Difference(f"dtype:{actual.dtype.kind}", f"an array of {kind} where integers are expected")
    return Difference("dtype:type", f"{_what_it_is(actual)} where an integer array is expected")


def describe_change(name: str, before: np.ndarray, after: Any) -> Difference:
    """What a call did to its input `name`: which elements it changed, and how."""
    if not isinstance(after, np.ndarray):
        return Difference("changed", f"the call changed the input {name}")
    if after.shape != before.shape:
        return Difference("changed:shape", f"the call changed the shape of the input {name} from "
                          f"{before.shape} to {after.shape}")
    old, new = before.astype(np.float64), after.astype(np.float64)
    changed = ~((old == new) | (np.isnan(old) & np.isnan(new)))
    count, size = int(changed.sum()), int(changed.size)
    where = "every element" if count == size else f"{count} of its {size} elements"
    delta = (new - old)[changed]
    if count and np.all(new[changed] == 0):
        which = " (the negative ones)" if np.all(old[changed] < 0) and not np.any(old[~changed] < 0) else ""
        return Difference("changed:zeroed", f"the call changed the input {name}: it set {where} to "
                          f"0{which}")
    if count and np.allclose(delta, delta[0], rtol=1e-9, atol=0):
        amount = _number(abs(float(delta[0])))
        how = f"added {amount} to" if delta[0] > 0 else f"subtracted {amount} from"
        return Difference("changed:offset", f"the call changed the input {name}: it {how} {where}")
    index = _index(np.argwhere(changed)[0]) if count else ""
    example = (f", e.g. {name}{index} went from {_number(float(old[changed][0]))} to "
               f"{_number(float(new[changed][0]))}") if count else ""
    return Difference("changed", f"the call changed the input {name}: {where}{example}")


def describe_probabilities(a: np.ndarray, actual: Any) -> Difference:
    """What keeps softmax's output from being rows of probabilities for the input `a`."""
    got = _numeric(actual)
    if actual is None:
        return Difference("none", "None, what a function without `return` gives")
    if got is None or got.shape != a.shape:
        wanted = np.zeros(a.shape)
        return (Difference("type", f"{_what_it_is(actual)} where {_shape_phrase(wanted)} is expected")
                if got is None else describe_shape(wanted, got))
    rows = got.reshape(-1, a.shape[-1]) if a.ndim else got.reshape(1, 1)
    bad_rows = ~np.all(np.isfinite(rows), axis=-1)
    if bad_rows.any():
        where = _where_rows(bad_rows, a.ndim) or "where probabilities are expected"
        return Difference("nonfinite", f"{_nonfinite_word(rows[bad_rows])} {where}")
    if rows.min() < 0 or rows.max() > 1:
        return Difference("range", "values outside [0, 1] where probabilities are expected (here "
                          f"from {_number(float(rows.min()))} to {_number(float(rows.max()))})")
    sums = rows.sum(axis=-1)
    if not np.allclose(sums, 1.0, rtol=0, atol=1e-9):
        return Difference("row-sums", _sums_text(sums, a.ndim))
    wrong = np.argmax(rows, axis=-1) != np.argmax(a.reshape(rows.shape), axis=-1)
    return Difference("argmax", "the largest input does not get the largest probability "
                      + (_where_rows(wrong, a.ndim) or "").strip())


# ---- the descriptions, most precise first ---------------------------------------------------------


def _small(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    scale = float(np.max(np.abs(wanted)))
    if scale == 0:
        return None
    relative = float(np.max(np.abs(got - wanted))) / scale
    if relative >= SMALL:
        return None
    digit = max(1, int(math.floor(-math.log10(relative))) + 1) if relative > 0 else 16
    return Difference("small", f"differs from the expected value only slightly (here by about "
                      f"{relative:.0e} relative, from the {_ordinal_number(digit)} significant digit on)")


def _scale(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    nonzero = np.abs(wanted) > 1e-12 * max(1.0, float(np.max(np.abs(wanted))))
    if not nonzero.any() or not np.allclose(got[~nonzero], 0, atol=1e-12):
        return None
    ratios = got[nonzero] / wanted[nonzero]
    ratio = float(np.median(ratios))
    if ratio == 0 or not np.allclose(ratios, ratio, rtol=1e-6, atol=0):
        return None
    if not 1e-3 <= abs(ratio) <= 1e3:
        return Difference("scale", f"about {ratio:.2g} times the expected value")
    size = _size_named(abs(ratio), inputs)
    if wanted.ndim == 0 and size is None and "about" in _ratio_text(ratio):
        return None  # two numbers always have a ratio: only a telling one is worth saying
    if size is not None:  # the ratio is a size of an input: say which (1/10 with 10 classes)
        label, n = size
        sign = "minus " if ratio < 0 else ""
        how = f"times {label}" if abs(ratio) > 1 else f"divided by {label}"
        return Difference(f"scale:{sign}{how}", f"{sign}the expected value {how} (here {n})")
    text = _ratio_text(ratio)
    return Difference(f"scale:{ratio:.6g}" if "about" not in text else "scale", text)


def _size_named(ratio: float, inputs: dict) -> tuple[str, int] | None:
    """Which size of an input array `ratio` or 1/`ratio` is, if one: ("the length of y", 10)."""
    for name, value in inputs.items():
        if not isinstance(value, np.ndarray) or value.ndim == 0:
            continue
        sizes = [(f"the length of {name}", value.shape[-1])] if value.ndim == 1 else [
            (f"the number of rows of {name}", value.shape[0]),
            (f"the number of columns of {name}", value.shape[-1]), (f"the size of {name}", value.size)]
        for label, n in sizes:
            if n > 1 and (math.isclose(ratio, n, rel_tol=1e-9) or math.isclose(ratio, 1 / n, rel_tol=1e-9)):
                return label, n
    return None


def _ratio_text(ratio: float) -> str:
    for value, text in NAMED_RATIOS.items():
        if math.isclose(ratio, value, rel_tol=1e-6):
            return text
    for value, name in NAMED_CONSTANTS.items():
        if math.isclose(abs(ratio), value, rel_tol=1e-6):
            return f"{ratio:.4g} times the expected value ({'-' if ratio < 0 else ''}{name})"
    whole = round(ratio)
    if abs(ratio) > 1 and math.isclose(ratio, whole, rel_tol=1e-9):
        return f"{whole} times the expected value"
    inverse = round(1 / ratio)
    if abs(ratio) < 1 and math.isclose(1 / ratio, inverse, rel_tol=1e-6):
        return (f"1/{inverse} of the expected value" if inverse > 0
                else f"-1/{-inverse} times the expected value")
    return f"about {ratio:.3g} times the expected value"


def _complement(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if np.allclose(got, 1 - wanted, rtol=1e-9, atol=1e-12):
        return Difference("complement", "1 minus the expected value")
    return None


def _reciprocal(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if np.all(wanted != 0):
        with np.errstate(divide="ignore", over="ignore"):
            if np.allclose(got, 1 / wanted, rtol=1e-9, atol=1e-12):
                return Difference("reciprocal", "1 divided by the expected value (its reciprocal)")
    return None


def _offset(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    shift = got - wanted
    first = float(shift.ravel()[0])
    scale = max(1.0, float(np.max(np.abs(wanted))))
    if wanted.size < 2 and wanted.ndim:
        return None
    if not np.allclose(shift, first, rtol=1e-6, atol=1e-9 * scale):
        return None
    if wanted.ndim == 0:
        return None  # two numbers always differ by something: the fallback says by how much
    return Difference("offset", f"the expected value {'plus' if first > 0 else 'minus'} "
                      f"{_number(abs(first))} in every element")


def _row_sums(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if wanted.ndim not in (1, 2) or wanted.shape[-1] < 2:
        return None
    if not np.allclose(wanted.sum(axis=-1), 1.0, atol=1e-9) or np.any(wanted < 0):
        return None  # the expected rows are not probabilities
    if got.min() < 0 or got.max() > 1:
        return Difference("range", "values outside [0, 1] where probabilities are expected (here "
                          f"from {_number(float(got.min()))} to {_number(float(got.max()))})")
    sums = got.sum(axis=-1)
    if np.allclose(sums, 1.0, atol=1e-9):
        return None
    return Difference("row-sums", _sums_text(sums, wanted.ndim))


def _sums_text(sums: np.ndarray, ndim: int) -> str:
    sums = np.atleast_1d(sums)
    if ndim <= 1:
        return f"the values sum to {_number(float(sums[0]))}, not 1"
    if np.allclose(sums, sums[0], rtol=1e-6):
        return f"each row sums to {_number(float(sums[0]))}, not 1"
    shown = ", ".join(f"{float(s):.3g}" for s in sums[:6]) + (", ..." if sums.size > 6 else "")
    if math.isclose(float(sums.sum()), 1.0, abs_tol=1e-9):
        return f"the whole batch sums to 1, not each row (here the rows sum to {shown})"
    return f"rows that do not sum to 1 (here they sum to {shown})"


def _rows(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if wanted.ndim != 2 or wanted.shape[0] < 2:
        return None
    wrong = ~np.all(np.isclose(got, wanted, rtol=1e-7, atol=1e-12), axis=-1)
    if wrong.all() or not wrong.any():
        return None
    right = np.flatnonzero(~wrong)
    return Difference("rows", f"right on {_rows_phrase(right)}, wrong {_where_rows(wrong, 2)}"
                      .replace("wrong in", "wrong on"))


def _order(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if wanted.ndim == 0 or wanted.size < 2:
        return None
    if wanted.ndim == 2 and wanted.shape[0] == wanted.shape[1] and np.allclose(got, wanted.T):
        return Difference("order:transposed", "the transpose of the expected value")
    if np.allclose(got, wanted[::-1]):
        return Difference("order:reversed", "the expected rows in reverse order" if wanted.ndim > 1
                          else "the expected values in reverse order")
    if wanted.ndim > 1 and np.allclose(got, wanted[..., ::-1]):
        return Difference("order:reversed", "each row of the expected value in reverse order")
    if np.allclose(np.sort(got, axis=None), np.sort(wanted, axis=None)):
        return Difference("order", "the expected values in another order")
    return None


def _equals_input(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    for name, value in inputs.items():
        if isinstance(value, np.ndarray) and value.shape == got.shape and value.dtype.kind in "iuf" \
                and np.allclose(got, value, rtol=1e-12, atol=0):
            return Difference("input", f"the input {name} itself, unchanged")
    return None


def _zeros(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if np.all(got == 0):
        return Difference("zeros", "0 everywhere" if got.ndim else "0")
    return None


def _elements_by_input_sign(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    """Elementwise functions: wrong exactly where the input is negative, zero or positive."""
    arrays = [(n, v) for n, v in inputs.items() if isinstance(v, np.ndarray) and v.shape == got.shape]
    if len(arrays) != 1 or got.ndim == 0:
        return None
    name, x = arrays[0]
    wrong = ~np.isclose(got, wanted, rtol=1e-7, atol=1e-12)
    if wrong.all():
        return None
    for words, mask in (("is 0", x == 0), ("< 0", x < 0), ("> 0", x > 0), ("<= 0", x <= 0),
                        (">= 0", x >= 0)):
        if np.array_equal(wrong, mask):
            return Difference(f"where:{words}", f"wrong only where {name} {words}, right elsewhere")
    return None


def _elements(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if got.ndim == 0 or got.size < 2:
        return None
    wrong = ~np.isclose(got, wanted, rtol=1e-7, atol=1e-12)
    count = int(wrong.sum())
    if count == got.size:
        return None
    places = ", ".join(_index(i) for i in np.argwhere(wrong)[:3]) + (", ..." if count > 3 else "")
    return Difference("elements", f"wrong at {count} of {got.size} elements ({places}), right elsewhere")


def _largest(wanted: np.ndarray, got: np.ndarray, reveal: bool) -> Difference:
    if not reveal:
        return Difference("other", "differs from the expected value")
    gap = np.abs(got - wanted)
    if wanted.ndim == 0:
        return Difference("other", f"differs from the expected value by {_number(float(gap))}")
    index = np.unravel_index(int(np.argmax(gap)), gap.shape)
    return Difference("other", f"differs from the expected value: the largest difference is "
                      f"{_number(float(gap[index]))}, at {_index(index)}")


# ---- words ------------------------------------------------------------------------------------------


def _nonfinite(wanted: np.ndarray, got: np.ndarray) -> Difference | None:
    bad = ~np.isfinite(got) & np.isfinite(wanted)
    if not bad.any():
        return None
    word = _nonfinite_word(got[bad])
    if got.ndim == 0:
        return Difference("nonfinite", f"{word} where a finite number is expected")
    if bad.all():
        return Difference("nonfinite", f"{word} everywhere")
    if got.ndim >= 2:
        rows = np.any(bad.reshape(bad.shape[0], -1), axis=-1)
        if rows.all():
            return Difference("nonfinite", f"{word} in every row ({int(bad.sum())} of {bad.size} values)")
        return Difference("nonfinite", f"{word} {_where_rows(rows, got.ndim)}")
    places = ", ".join(_index(i) for i in np.argwhere(bad)[:3]) + (", ..." if bad.sum() > 3 else "")
    return Difference("nonfinite", f"{word} at {int(bad.sum())} of {bad.size} elements ({places})")


def _nonfinite_word(values: np.ndarray) -> str:
    nan, inf = bool(np.isnan(values).any()), bool(np.isinf(values).any())
    return "nan and inf" if nan and inf else "nan" if nan else "inf"


def _where_rows(rows: np.ndarray, ndim: int) -> str:
    """Where in a batch: 'from the second row on', 'in the first row', 'in rows 1 and 3'."""
    if ndim <= 1:
        return ""
    found = np.flatnonzero(rows)
    n = rows.size
    if found.size == 0:
        return ""
    if found.size == n:
        return "in every row"
    if found[0] > 0 and np.array_equal(found, np.arange(found[0], n)):
        return f"from the {_ordinal(found[0])} row on"
    return f"in {_rows_phrase(found)}"


def _rows_phrase(rows: np.ndarray) -> str:
    if rows.size == 1:
        return f"the {_ordinal(int(rows[0]))} row"
    shown = [str(int(r) + 1) for r in rows[:5]]
    listed = ", ".join(shown[:-1]) + " and " + shown[-1] if rows.size <= 5 else ", ".join(shown) + ", ..."
    return f"rows {listed}"


def _ordinal(index: int) -> str:
    return ORDINALS[index] if index < len(ORDINALS) else f"{index + 1}th"


def _ordinal_number(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _index(index: Any) -> str:
    numbers = [int(i) for i in np.atleast_1d(index)]
    return "[" + ", ".join(map(str, numbers)) + "]"


def _number(value: float) -> str:
    return f"{value:.6g}"


def _numeric(value: Any) -> np.ndarray | None:
    if value is None or isinstance(value, (ForeignObject, dict, tuple, str, bool)):
        return None
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def _is_int_array(value: Any) -> bool:
    return (isinstance(value, np.ndarray) and value.dtype.kind in "iu") or isinstance(value, int)


def _shape_phrase(array: np.ndarray) -> str:
    if array.ndim == 0:
        return "a number"
    return f"a {array.shape} array"


def _what_it_is(value: Any) -> str:
    if value is None:
        return "None (what a function without `return` gives)"
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    if isinstance(value, dict):
        return "a dict"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, ForeignObject):
        return f"a {value.type_name} object"
    return type(value).__name__
