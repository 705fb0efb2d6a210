"""Plain data from the sandbox, turned into values the judge can trust.

Whatever a student's function returned arrives as JSON describing numbers, dtypes and shapes.
Here it becomes fresh NumPy arrays of float64, int64 or bool built by the grading process
itself, so an object that lies about equality or runs code when unpickled gains nothing.
"""
from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import math
import os
import tempfile
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["ForeignObject", "MalformedReply", "SharedInputs", "decode_value", "encode_input"]

_DTYPE_KINDS = {"f": np.float64, "i": np.int64, "u": np.int64, "b": np.bool_}


class MalformedReply(ValueError):
    """The sandbox sent something that is not a well-formed description of a value."""


@dataclass(frozen=True)
class ForeignObject:
    """A returned object that is not a number, an array, a tuple, a list or a dict."""

    type_name: str

    def __repr__(self) -> str:
        return f"<a {self.type_name} object>"


def encode_input(value: Any) -> dict:
    """Describe an input (array, number, dict of arrays) for the sandbox."""
    if isinstance(value, np.ndarray):
        data = value.tolist()
        return {"t": "array", "dtype": str(value.dtype), "shape": list(value.shape), "data": data}
    if isinstance(value, (bool, int, float)):
        return {"t": "number", "value": value}
    if isinstance(value, dict):
        return {"t": "dict", "items": {k: encode_input(v) for k, v in value.items()}}
    if isinstance(value, str):
        return {"t": "str", "value": value}
    if value is None:
        return {"t": "none"}
    raise TypeError(f"cannot send {type(value).__name__} to the sandbox")


MAX_DEPTH = 16


def decode_value(description: Any, depth: int = 0) -> Any:
    """Build the value a reply describes from plain data only."""
    if depth > MAX_DEPTH:
        raise MalformedReply("the value is nested too deeply")
    if not isinstance(description, dict):
        raise MalformedReply("a value must be described by a JSON object")
    kind = description.get("t")
    if kind == "number":
        return _number(description.get("value"), description.get("pytype"))
    if kind == "array":
        return _array(description)
    if kind in ("tuple", "list"):
        items = description.get("items")
        if not isinstance(items, list):
            raise MalformedReply("a sequence must list its items")
        values = [decode_value(item, depth + 1) for item in items]
        return tuple(values) if kind == "tuple" else values
    if kind == "dict":
        items = description.get("items")
        if not isinstance(items, dict):
            raise MalformedReply("a dict must map names to values")
        return {str(key): decode_value(value, depth + 1) for key, value in items.items()}
    if kind == "none":
        return None
    if kind == "other":
        return ForeignObject(str(description.get("type", "unknown"))[:80])
    raise MalformedReply(f"unknown value kind {kind!r}")


def _number(value: Any, pytype: Any) -> Any:
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return _special_float(value)
    raise MalformedReply("a number must be a JSON number")


def _special_float(text: str) -> float:
    if text not in ("nan", "inf", "-inf"):
        raise MalformedReply(f"{text!r} is not a number")
    return float(text)


def _array(description: dict) -> np.ndarray:
    dtype_name = description.get("dtype")
    shape = description.get("shape")
    if not isinstance(dtype_name, str) or not isinstance(shape, list):
        raise MalformedReply("an array needs a dtype and a shape")
    if not all(isinstance(n, int) and n >= 0 for n in shape) or len(shape) > 8:
        raise MalformedReply("an array's shape must be a short list of sizes")
    try:
        kind = np.dtype(dtype_name).kind
    except TypeError as error:
        raise MalformedReply(f"unknown dtype {dtype_name!r}") from error
    target = _DTYPE_KINDS.get(kind)
    if target is None:
        raise MalformedReply(f"unsupported dtype {dtype_name!r}")
    if "raw" in description:
        array = _raw_array(description.get("raw"), description.get("wire"), shape)
        if target is np.bool_:
            array = array != 0
        else:  # a uint64 beyond int64 travels as float64 and stays one
            array = array.astype(np.float64 if array.dtype.kind == "f" else target)
    else:
        flat = list(_flatten(description.get("data"), depth=len(shape)))
        if len(flat) != math.prod(shape):
            raise MalformedReply("an array's data does not fit its shape")
        array = np.array(flat, dtype=target).reshape(shape)
    array.flags.writeable = False
    return array


_WIRE_DTYPES = {"<f8": np.dtype("<f8"), "<i8": np.dtype("<i8"), "|u1": np.dtype("u1")}


def _raw_array(raw: Any, wire: Any, shape: list[int]) -> np.ndarray:
    """An array from its values' bytes: only fixed little-endian numeric types, never objects."""
    dtype = _WIRE_DTYPES.get(wire) if isinstance(wire, str) else None
    if dtype is None or not isinstance(raw, str):
        raise MalformedReply("an array's bytes need one of the wire types " + ", ".join(_WIRE_DTYPES))
    try:
        data = base64.b64decode(raw, validate=True)
    except (ValueError, binascii.Error) as error:
        raise MalformedReply("an array's bytes are not base64") from error
    if len(data) != math.prod(shape) * dtype.itemsize:
        raise MalformedReply("an array's data does not fit its shape")
    return np.frombuffer(data, dtype=dtype).reshape(shape)


def _flatten(data: Any, depth: int):
    if depth == 0:
        if isinstance(data, (bool, int, float)):
            yield data
        elif isinstance(data, str):
            yield _special_float(data)
        else:
            raise MalformedReply("an array element must be a number")
        return
    if not isinstance(data, list):
        raise MalformedReply("an array's data must nest as deep as its shape")
    for item in data:
        yield from _flatten(item, depth - 1)


class SharedInputs:
    """The array inputs of one call (or of a batch of calls, each input filed under its call),
    in a memory file the child maps and the parent reads back.

    The child's arrays are views of this memory, so an in-place change by the student's code
    lands here, where the grading process reads it itself after the call: what the child says
    about its inputs is never trusted.
    """

    ALIGN = 64

    def __init__(self) -> None:
        self._chunks: list[tuple[int, bytes]] = []
        # per call of a batch ("" when there is one), each top-level array's place
        self._top: dict[str, dict[str, tuple[int, np.dtype, tuple[int, ...]]]] = {}
        self.size = 0
        self._file: Any = None
        self.fd = -1

    def encode(self, name: str, value: Any, call: str = "") -> dict:
        """Describe a top-level input of `call`; arrays (also inside dicts) go to the shared memory."""
        description = self._encode(value)
        if description["t"] == "shared":
            self._top.setdefault(call, {})[name] = (description["offset"], value.dtype,
                               tuple(description["shape"]))
        return description

    def _encode(self, value: Any) -> dict:
        if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
            array = np.ascontiguousarray(value)
            offset = -(-self.size // self.ALIGN) * self.ALIGN
            self._chunks.append((offset, array.tobytes()))
            self.size = offset + array.nbytes
            return {"t": "shared", "dtype": array.dtype.str, "shape": list(array.shape),
                    "offset": offset}
        if isinstance(value, dict):
            return {"t": "dict", "items": {k: self._encode(v) for k, v in value.items()}}
        return encode_input(value)

    def fds(self) -> list[int]:
        """The memory file to send with the request (created on first use)."""
        if not self.size:
            return []
        if self.fd < 0:
            self.fd = self._create()
            for offset, data in self._chunks:
                os.pwrite(self.fd, data, offset)
            _seal(self.fd)
        return [self.fd]

    def _create(self) -> int:
        if hasattr(os, "memfd_create"):
            flags = os.MFD_CLOEXEC | getattr(os, "MFD_ALLOW_SEALING", 0)
            fd = os.memfd_create("dlfs-inputs", flags)
        else:  # macOS: an unlinked temporary file does the same
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
            fd = self._file.fileno()
        os.ftruncate(fd, self.size)
        return fd

    def read_back(self, call: str = "") -> dict[str, np.ndarray]:
        """The top-level array inputs of `call`, as they are now, read by the grading process
        itself."""
        if self.fd < 0:
            return {}
        after = {}
        for name, (offset, dtype, shape) in self._top.get(call, {}).items():
            count = math.prod(shape)
            data = os.pread(self.fd, count * dtype.itemsize, offset) if count else b""
            if len(data) != count * dtype.itemsize:
                continue  # the file was cut short: the input counts as changed
            array = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
            array.flags.writeable = False
            after[name] = array
        return after

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        elif self.fd >= 0:
            os.close(self.fd)
        self.fd, self._file = -1, None


def _seal(fd: int) -> None:
    """Forbid growing or shrinking the memory file where the system allows it."""
    seals = getattr(fcntl, "F_SEAL_SHRINK", 0) | getattr(fcntl, "F_SEAL_GROW", 0) | getattr(
        fcntl, "F_SEAL_SEAL", 0)
    if seals and hasattr(fcntl, "F_ADD_SEALS"):
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_ADD_SEALS, seals)
