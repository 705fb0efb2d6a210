"""The difference between a student's value and the expected one, in plain, neutral words.

Computed from the values themselves, never from the code and never guessing a cause: "twice
the expected value", "each row sums to 3, not 1", "nan from the second row on", "a (1,) array
where a number is expected", "differs from the expected value by about 1e-07 (relative)".
Every description has a `kind`, the same for the same sort of difference whatever the values
(`scale:2`, `row-sums`, `nonfinite`, ...): a function's failures with the same kind are one
cause and are shown as one block. Each text is an English template (marked with N_) filled
with names and numbers: the data keep the English, and `autograder.i18n.translated` shows it
in the reader's language through the same template. The numbers of one call are put last, in
"(here ...)", so that the words before them hold for every check of the block. When nothing
more precise is true, it says "differs from the expected value" with the largest difference
and where
(`reveal=False`, for a hidden check, leaves those numbers out).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.checks.compare import SLIGHTLY, describe_kind, relative_difference
from autograder.i18n import N_
from autograder.sandbox.codec import ForeignObject

__all__ = ["Difference", "describe_change", "describe_difference", "describe_dtype",
           "describe_probabilities", "describe_shape"]

SMALL = SLIGHTLY  # below this, "only in the n-th significant digit", and both values show every digit
TIMES = N_("{ratio} times the expected value")
NAMED_RATIOS = {2.0: N_("twice the expected value"), 0.5: N_("half the expected value"),
                -1.0: N_("the expected value with the opposite sign"),
                3.0: N_("three times the expected value"), 10.0: TIMES.format(ratio=10),
                0.1: N_("a tenth of the expected value"), -2.0: TIMES.format(ratio=-2),
                -0.5: TIMES.format(ratio="-1/2")}
NAMED_CONSTANTS = {math.log(10): "ln 10", 1 / math.log(10): "1/ln 10", math.e: "e",
                   math.pi: "pi", math.sqrt(2): "sqrt(2)"}
ORDINALS = [N_("first"), N_("second"), N_("third"), N_("fourth"), N_("fifth"), N_("sixth"),
            N_("seventh"), N_("eighth"), N_("ninth"), N_("tenth")]
NO_RETURN = N_("None, what a function without `return` gives")
WHERE_EXPECTED = N_("{what} where {expected} is expected")
DIFFERS = N_("differs from the expected value")
OUTSIDE = N_("values outside [0, 1] where probabilities are expected (here from {low} to {high})")

# What the sandbox's child says of a value it does not send (autograder.sandbox.wire, which runs
# without the kit's modules): shown as "a {type} object", in the reader's language.
UNSENT_VALUES = (N_("array of {count} values (too large)"), N_("too deeply nested"), N_("array of {dtype}"))


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
        return Difference("none", NO_RETURN)
    if got is None:
        return Difference("type", WHERE_EXPECTED.format(what=describe_kind(actual),
                                                        expected=_shape_phrase(wanted)))
    if wanted.ndim == 0 and got.size == 1 and got.ndim == 1:
        got = got.reshape(())  # a (1,) array passes for a number: describe its value
    if got.shape != wanted.shape:
        return describe_shape(wanted, got)
    if wanted.size == 0:
        return Difference("other", DIFFERS)
    nonfinite = _nonfinite(wanted, got)
    if nonfinite is not None:
        return nonfinite
    if _is_int_array(actual) and not np.allclose(wanted, np.round(wanted)):
        return Difference("dtype:int",
                          N_("an integer array where floats are expected: the fractions are cut off")
                          if np.array_equal(got, np.trunc(wanted))
                          else N_("an integer array where floats are expected"))
    if _float32_only(wanted, got) and _small(wanted, got, inputs) is not None:
        return Difference("dtype:float32", N_("float32 values where float64 is expected (every value "
                                              "is exactly a float32): float32 keeps only about 7 "
                                              "significant digits"))
    for describe in (_small, _zeros, _scale, _offset, _complement, _reciprocal, _rows, _row_sums,
                     _order, _equals_input, _elements_by_input_sign, _elements):
        found = describe(wanted, got, inputs)
        if found is not None:
            return found
    return _largest(wanted, got, reveal)


def describe_shape(wanted: np.ndarray, got: np.ndarray) -> Difference:
    """An array of the wrong shape: what it is, and what its values are when that is clear."""
    text = WHERE_EXPECTED.format(what=_shape_phrase(got), expected=_shape_phrase(wanted))
    kind = f"shape:{_ndim_word(got)}-for-{_ndim_word(wanted)}"
    if got.ndim == 2 and got.shape == wanted.shape[::-1] and np.allclose(got.T, wanted):
        return Difference("shape:transposed",
                          N_("{shape}: the transpose of the expected value").format(shape=text))
    if got.size == wanted.size and np.allclose(got.ravel(), wanted.ravel()):
        return Difference(kind, N_("{shape}, with the expected values in it").format(shape=text))
    if got.size == 1 and wanted.size > 1:
        number = float(got.ravel()[0])
        for name, value in ((N_("{shape}: the sum of the expected values"), wanted.sum()),
                            (N_("{shape}: the mean of the expected values"), wanted.mean()),
                            (N_("{shape}: the last expected value"), wanted.ravel()[-1]),
                            (N_("{shape}: the first expected value"), wanted.ravel()[0]),
                            (N_("{shape}: the largest expected value"), wanted.max())):
            if np.isclose(number, value, rtol=1e-9, atol=1e-12):
                return Difference(kind, name.format(shape=text))
    if wanted.ndim >= 1 and got.ndim >= 1 and got.shape[1:] == wanted.shape[1:]:
        unit = (N_("{shape} ({count} rows instead of {total})") if wanted.ndim > 1
                else N_("{shape} ({count} elements instead of {total})"))
        return Difference(kind, unit.format(shape=text, count=got.shape[0], total=wanted.shape[0]))
    return Difference(kind, text)


def _ndim_word(array: np.ndarray) -> str:
    return "number" if array.ndim == 0 else f"{array.ndim}d"


def describe_dtype(actual: Any) -> Difference:
    """A value of the wrong type where an integer array is expected (the values may be right)."""
    if isinstance(actual, np.ndarray):
        kind = {"b": N_("booleans (True/False)"), "f": N_("floats"), "c": N_("complex numbers")}.get(
            actual.dtype.kind, N_("values of dtype {dtype}").format(dtype=actual.dtype))
        return Difference(f"dtype:{actual.dtype.kind}",
                          N_("an array of {kind} where integers are expected").format(kind=kind))
    return Difference("dtype:type", WHERE_EXPECTED.format(what=describe_kind(actual),
                                                          expected=N_("an integer array")))


def describe_change(name: str, before: np.ndarray, after: Any) -> Difference:
    """What a call did to its input `name`: which elements it changed, and how."""
    if not isinstance(after, np.ndarray):
        return Difference("changed", N_("the call changed the input {name}").format(name=name))
    if after.shape != before.shape:
        return Difference("changed:shape", N_("the call changed the shape of the input {name} from "
                                              "{before} to {after}").format(name=name, before=before.shape,
                                                                            after=after.shape))
    old, new = before.astype(np.float64), after.astype(np.float64)
    changed = ~((old == new) | (np.isnan(old) & np.isnan(new)))
    count, size = int(changed.sum()), int(changed.size)
    where = N_("every element") if count == size else N_("{count} of its {size} elements").format(
        count=count, size=size)
    delta = (new - old)[changed]
    if count and np.all(new[changed] == 0):
        negative = bool(np.all(old[changed] < 0) and not np.any(old[~changed] < 0))
        text = (N_("the call changed the input {name}: it set {where} to 0 (the negative ones)") if negative
                else N_("the call changed the input {name}: it set {where} to 0"))
        return Difference("changed:zeroed", text.format(name=name, where=where))
    if count and np.allclose(delta, delta[0], rtol=1e-9, atol=0):
        amount = _number(abs(float(delta[0])))
        how = (N_("the call changed the input {name}: it added {amount} to {where}") if delta[0] > 0
               else N_("the call changed the input {name}: it subtracted {amount} from {where}"))
        return Difference("changed:offset", how.format(name=name, amount=amount, where=where))
    if not count:
        return Difference("changed", N_("the call changed the input {name}").format(name=name))
    return Difference("changed", N_("the call changed the input {name}: {where}, e.g. {element} went from "
                                    "{before} to {after}").format(
        name=name, where=where, element=name + _index(np.argwhere(changed)[0]),
        before=_number(float(old[changed][0])), after=_number(float(new[changed][0]))))


def describe_probabilities(a: np.ndarray, actual: Any) -> Difference:
    """What keeps softmax's output from being rows of probabilities for the input `a`."""
    got = _numeric(actual)
    if actual is None:
        return Difference("none", NO_RETURN)
    if got is None or got.shape != a.shape:
        wanted = np.zeros(a.shape)
        return (Difference("type", WHERE_EXPECTED.format(what=describe_kind(actual),
                                                         expected=_shape_phrase(wanted)))
                if got is None else describe_shape(wanted, got))
    rows = got.reshape(-1, a.shape[-1]) if a.ndim else got.reshape(1, 1)
    bad_rows = ~np.all(np.isfinite(rows), axis=-1)
    if bad_rows.any():
        where = _where_rows(bad_rows, a.ndim)
        word = _nonfinite_word(rows[bad_rows])
        return Difference("nonfinite", WORD_WHERE.format(word=word, position=where) if where else
                          N_("{word} where probabilities are expected").format(word=word))
    if rows.min() < 0 or rows.max() > 1:
        return Difference("range", OUTSIDE.format(low=_number(float(rows.min())),
                                                  high=_number(float(rows.max()))))
    sums = rows.sum(axis=-1)
    if not np.allclose(sums, 1.0, rtol=0, atol=1e-9):
        return Difference("row-sums", _sums_text(sums, a.ndim))
    wrong = np.argmax(rows, axis=-1) != np.argmax(a.reshape(rows.shape), axis=-1)
    where = _where_rows(wrong, a.ndim)
    text = (N_("the largest input does not get the largest probability {position}").format(position=where)
            if where else N_("the largest input does not get the largest probability"))
    return Difference("argmax", text)


# ---- the descriptions, most precise first ---------------------------------------------------------


# The "(here ...)" parts of the templates above and below, which a block whose headline is the
# general words shows alone ("here: by about 2e-05 relative, ...": autograder/feedback/explain.py)
HERE_PARTS = (N_("from {low} to {high}"),
              N_("by about {relative} relative, from the {ordinal} significant digit on"),
              N_("the rows sum to {sums}"), N_("they sum to {sums}"))


def _small(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    relative = relative_difference(wanted, got)  # as compare.format_values judges it
    if relative is None or relative >= SMALL:
        return None
    digit = max(1, int(math.floor(-math.log10(relative))) + 1) if relative > 0 else 16
    return Difference("small", N_("differs from the expected value only slightly (here by about {relative} "
                                  "relative, from the {ordinal} significant digit on)").format(
        relative=f"{relative:.0e}", ordinal=_ordinal_number(digit)))


def _scale(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    nonzero = np.abs(wanted) > 1e-12 * max(1.0, float(np.max(np.abs(wanted))))
    if not nonzero.any() or not np.allclose(got[~nonzero], 0, atol=1e-12):
        return None
    ratios = got[nonzero] / wanted[nonzero]
    ratio = float(np.median(ratios))
    if ratio == 0 or not np.allclose(ratios, ratio, rtol=1e-6, atol=0):
        return None
    if not 1e-3 <= abs(ratio) <= 1e3:
        return Difference("scale", ABOUT_TIMES.format(ratio=f"{ratio:.2g}"))
    size = _size_named(abs(ratio), inputs)
    if wanted.ndim == 0 and size is None and "about" in _ratio_text(ratio):
        return None  # two numbers always have a ratio: only a telling one is worth saying
    if size is not None:  # the ratio is a size of an input: say which (1/10 with 10 classes)
        label, n = size
        sign = "minus " if ratio < 0 else ""
        how = f"times {label}" if abs(ratio) > 1 else f"divided by {label}"  # the kind, not shown
        text = {(False, True): N_("the expected value times {measure} (here {n})"),
                (False, False): N_("the expected value divided by {measure} (here {n})"),
                (True, True): N_("minus the expected value times {measure} (here {n})"),
                (True, False): N_("minus the expected value divided by {measure} (here {n})")}[
            (ratio < 0, abs(ratio) > 1)]
        return Difference(f"scale:{sign}{how}", text.format(measure=label, n=n))
    text = _ratio_text(ratio)
    return Difference(f"scale:{ratio:.6g}" if "about" not in text else "scale", text)


def _size_named(ratio: float, inputs: dict) -> tuple[str, int] | None:
    """Which size of an input array `ratio` or 1/`ratio` is, if one: ("the length of y", 10)."""
    for name, value in inputs.items():
        if not isinstance(value, np.ndarray) or value.ndim == 0:
            continue
        sizes = [(N_("the length of {name}").format(name=name), value.shape[-1])] if value.ndim == 1 else [
            (N_("the number of rows of {name}").format(name=name), value.shape[0]),
            (N_("the number of columns of {name}").format(name=name), value.shape[-1]),
            (N_("the size of {name}").format(name=name), value.size)]
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
            return N_("{ratio} times the expected value ({name})").format(
                ratio=f"{ratio:.4g}", name=f"{'-' if ratio < 0 else ''}{name}")
    whole = round(ratio)
    if abs(ratio) > 1 and math.isclose(ratio, whole, rel_tol=1e-9):
        return TIMES.format(ratio=whole)
    inverse = round(1 / ratio)
    if abs(ratio) < 1 and math.isclose(1 / ratio, inverse, rel_tol=1e-6):
        return (N_("1/{n} of the expected value").format(n=inverse) if inverse > 0
                else TIMES.format(ratio=f"-1/{-inverse}"))
    return ABOUT_TIMES.format(ratio=f"{ratio:.3g}")


ABOUT_TIMES = N_("about {ratio} times the expected value")
WORD_WHERE = N_("{word} {position}")  # "nan from the second row on": both parts translated


def _complement(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if np.allclose(got, 1 - wanted, rtol=1e-9, atol=1e-12):
        return Difference("complement", N_("1 minus the expected value"))
    return None


def _reciprocal(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if np.all(wanted != 0):
        with np.errstate(divide="ignore", over="ignore"):
            if np.allclose(got, 1 / wanted, rtol=1e-9, atol=1e-12):
                return Difference("reciprocal", N_("1 divided by the expected value (its reciprocal)"))
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
    text = (N_("the expected value plus {amount} in every element") if first > 0
            else N_("the expected value minus {amount} in every element"))
    return Difference("offset", text.format(amount=_number(abs(first))))


def _row_sums(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if wanted.ndim not in (1, 2) or wanted.shape[-1] < 2:
        return None
    if not np.allclose(wanted.sum(axis=-1), 1.0, atol=1e-9) or np.any(wanted < 0):
        return None  # the expected rows are not probabilities
    if got.min() < 0 or got.max() > 1:
        return Difference("range", OUTSIDE.format(low=_number(float(got.min())),
                                                  high=_number(float(got.max()))))
    sums = got.sum(axis=-1)
    if np.allclose(sums, 1.0, atol=1e-9):
        return None
    return Difference("row-sums", _sums_text(sums, wanted.ndim))


def _sums_text(sums: np.ndarray, ndim: int) -> str:
    sums = np.atleast_1d(sums)
    if ndim <= 1:
        return N_("the values sum to {sum}, not 1").format(sum=_near_one(float(sums[0])))
    if np.allclose(sums, sums[0], rtol=1e-6):
        return N_("each row sums to {sum}, not 1").format(sum=_near_one(float(sums[0])))
    shown = ", ".join(f"{float(s):.3g}" for s in sums[:6]) + (", ..." if sums.size > 6 else "")
    if math.isclose(float(sums.sum()), 1.0, abs_tol=1e-9):
        return N_("the whole batch sums to 1, not each row (here the rows sum to {sums})").format(sums=shown)
    return N_("rows that do not sum to 1 (here they sum to {sums})").format(sums=shown)


def _rows(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if wanted.ndim != 2 or wanted.shape[0] < 2:
        return None
    wrong = ~np.all(np.isclose(got, wanted, rtol=1e-7, atol=1e-12), axis=-1)
    if wrong.all() or not wrong.any():
        return None
    right = np.flatnonzero(~wrong)
    where = _where_rows(wrong, 2)
    if where.startswith("in "):  # "in rows 2 and 3": "wrong on rows 2 and 3"
        return Difference("rows", N_("right on {right}, wrong on {rows}").format(
            right=_rows_phrase(right), rows=_rows_phrase(np.flatnonzero(wrong))))
    return Difference("rows", N_("right on {right}, wrong {position}").format(right=_rows_phrase(right),
                                                                             position=where))


def _order(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if wanted.ndim == 0 or wanted.size < 2:
        return None
    if wanted.ndim == 2 and wanted.shape[0] == wanted.shape[1] and np.allclose(got, wanted.T):
        return Difference("order:transposed", N_("the transpose of the expected value"))
    if np.allclose(got, wanted[::-1]):
        return Difference("order:reversed", N_("the expected rows in reverse order") if wanted.ndim > 1
                          else N_("the expected values in reverse order"))
    if wanted.ndim > 1 and np.allclose(got, wanted[..., ::-1]):
        return Difference("order:reversed", N_("each row of the expected value in reverse order"))
    if np.allclose(np.sort(got, axis=None), np.sort(wanted, axis=None)):
        return Difference("order", N_("the expected values in another order"))
    return None


def _equals_input(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    for name, value in inputs.items():
        if isinstance(value, np.ndarray) and value.shape == got.shape and value.dtype.kind in "iuf" \
                and np.allclose(got, value, rtol=1e-12, atol=0):
            return Difference("input", N_("the input {name} itself, unchanged").format(name=name))
    return None


def _zeros(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if np.all(got == 0):
        return Difference("zeros", N_("0 everywhere") if got.ndim else "0")
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
            return Difference(f"where:{words}", N_("wrong only where {condition}, right elsewhere").format(
                condition=f"{name} {words}" if words != "is 0" else N_("{name} is 0").format(name=name)))
    return None


def _elements(wanted: np.ndarray, got: np.ndarray, inputs: dict) -> Difference | None:
    if got.ndim == 0 or got.size < 2:
        return None
    wrong = ~np.isclose(got, wanted, rtol=1e-7, atol=1e-12)
    count = int(wrong.sum())
    if count == got.size:
        return None
    places = ", ".join(_index(i) for i in np.argwhere(wrong)[:3]) + (", ..." if count > 3 else "")
    text = N_("wrong at {count} of {size} elements ({places}), right elsewhere")
    return Difference("elements", text.format(count=count, size=got.size, places=places))


def _largest(wanted: np.ndarray, got: np.ndarray, reveal: bool) -> Difference:
    if not reveal:
        return Difference("other", DIFFERS)
    gap = np.abs(got - wanted)
    if wanted.ndim == 0:
        return Difference("other",
                          N_("differs from the expected value by {gap}").format(gap=_number(float(gap))))
    index = np.unravel_index(int(np.argmax(gap)), gap.shape)
    text = N_("differs from the expected value: the largest difference is {gap}, at {index}")
    return Difference("other", text.format(gap=_number(float(gap[index])), index=_index(index)))


# ---- words ------------------------------------------------------------------------------------------


def _nonfinite(wanted: np.ndarray, got: np.ndarray) -> Difference | None:
    bad = ~np.isfinite(got) & np.isfinite(wanted)
    if not bad.any():
        return None
    word = _nonfinite_word(got[bad])
    if got.ndim == 0:
        return Difference("nonfinite", N_("{word} where a finite number is expected").format(word=word))
    if bad.all():
        return Difference("nonfinite", N_("{word} everywhere").format(word=word))
    if got.ndim >= 2:
        rows = np.any(bad.reshape(bad.shape[0], -1), axis=-1)
        if rows.all():
            return Difference("nonfinite", N_("{word} in every row ({count} of {size} values)").format(
                word=word, count=int(bad.sum()), size=bad.size))
        return Difference("nonfinite", WORD_WHERE.format(word=word, position=_where_rows(rows, got.ndim)))
    places = ", ".join(_index(i) for i in np.argwhere(bad)[:3]) + (", ..." if bad.sum() > 3 else "")
    return Difference("nonfinite", N_("{word} at {count} of {size} elements ({places})").format(
        word=word, count=int(bad.sum()), size=bad.size, places=places))


def _nonfinite_word(values: np.ndarray) -> str:
    nan, inf = bool(np.isnan(values).any()), bool(np.isinf(values).any())
    return N_("nan and inf") if nan and inf else "nan" if nan else "inf"


def _where_rows(rows: np.ndarray, ndim: int) -> str:
    """Where in a batch: 'from the second row on', 'in the first row', 'in rows 1 and 3'."""
    if ndim <= 1:
        return ""
    found = np.flatnonzero(rows)
    n = rows.size
    if found.size == 0:
        return ""
    if found.size == n:
        return N_("in every row")
    if found[0] > 0 and np.array_equal(found, np.arange(found[0], n)):
        return N_("from the {ordinal} row on").format(ordinal=_ordinal(found[0]))
    return N_("in {rows}").format(rows=_rows_phrase(found))  # "in rows 1 and 3"


def _rows_phrase(rows: np.ndarray) -> str:
    if rows.size == 1:
        return N_("the {ordinal} row").format(ordinal=_ordinal(int(rows[0])))
    shown = [str(int(r) + 1) for r in rows[:5]]
    if rows.size <= 5:
        return N_("rows {rows} and {last}").format(rows=", ".join(shown[:-1]), last=shown[-1])
    return N_("rows {rows}").format(rows=", ".join(shown) + ", ...")


def _ordinal(index: int) -> str:
    return ORDINALS[index] if index < len(ORDINALS) else _ordinal_number(index + 1)


def _ordinal_number(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return {"st": N_("{n}st"), "nd": N_("{n}nd"), "rd": N_("{n}rd"), "th": N_("{n}th")}[suffix].format(n=n)


def _index(index: Any) -> str:
    numbers = [int(i) for i in np.atleast_1d(index)]
    return "[" + ", ".join(map(str, numbers)) + "]"


def _number(value: float) -> str:
    return f"{value:.6g}"


def _near_one(value: float) -> str:
    """A sum that is not 1, with the digits that show it: a float32 softmax's rows sum to
    0.9999999701976776, which 6 digits round to "1" ("each row sums to 1, not 1")."""
    text = _number(value)
    return repr(value) if float(text) == 1.0 else text


def _numeric(value: Any) -> np.ndarray | None:
    if value is None or isinstance(value, (ForeignObject, dict, tuple, str, bool)):
        return None
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def _float32_only(wanted: np.ndarray, got: np.ndarray) -> bool:
    """Whether a float result was computed in float32: each value is exactly a float32 while the
    expected values are not (values come back from the sandbox as float64, so the dtype is gone)."""
    def float32_exact(a: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return np.asarray(a.astype(np.float32).astype(np.float64) == a)

    finite = np.isfinite(got) & np.isfinite(wanted)
    return bool(finite.any() and float32_exact(got[finite]).all()
                and not float32_exact(wanted[finite]).all())


def _is_int_array(value: Any) -> bool:
    return (isinstance(value, np.ndarray) and value.dtype.kind in "iu") or isinstance(value, int)


def _shape_phrase(array: np.ndarray) -> str:
    if array.ndim == 0:
        return N_("a number")
    return N_("a {shape} array").format(shape=array.shape)
