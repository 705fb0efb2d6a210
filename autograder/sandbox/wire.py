"""The one wire between the grading process and the sandboxed child: framing and value format.

Both sides import this module: the kit as `autograder.sandbox.wire`, the child (which cannot
read the kit inside the sandbox) from the copy mounted beside it, loaded under a private name.
So it imports only the standard library and NumPy.

Framing: each message is a 4-byte big-endian length and that many bytes of JSON; file
descriptors (the memory file holding a call's array inputs, a child's socket, its cgroups)
travel alongside with SCM_RIGHTS.

Values: inputs go to the child as plain data, their arrays in a shared memory file the child
maps (`SharedInputs`); the grading process reads them back itself after the call, so nothing
the child says about its inputs is trusted. Results come back as plain data: numbers, and
arrays as dtype, shape and their values' bytes (little-endian float64, int64 or one byte per
bool, in base64), never a pickle, so nothing a student returns runs code in the grading process.

Sources: a call judged with correct dependencies names the code they come from (the reference's
functions; in the student bundle, a table of their values) by its digest, `"reference": DIGEST`
(`source_digest`, sha256). Each distinct source crosses to a child once: the first message
that needs it carries it, `"sources": {DIGEST: SOURCE}` beside its call or batch of calls
(`with_sources`), and the child keeps it by digest for its lifetime (`SourceStore`). The
grading process alone decides what to send, from its own record of what each child was sent
(a restarted child is sent everything again); nothing the child says changes it. A digest the
child was not sent is an error reply of that call (`UnknownSource`), never a guess.
"""
from __future__ import annotations

import array
import base64
import binascii
import fcntl
import hashlib
import json
import math
import mmap
import os
import socket
import struct
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = ["HEADER", "MAX_ITEMS", "Channel", "ForeignObject", "Framed", "MalformedReply",
           "SharedInputs", "SourceStore", "UnknownSource", "array_inputs", "batch_message", "call_body",
           "decode_input", "decode_value", "encode_input", "encode_value", "frame", "send_frame",
           "source_digest", "with_sources"]

HEADER = struct.Struct(">I")
MAX_FDS = 8
MAX_ITEMS = 100_000  # values in one returned array
MAX_DEPTH = 16
WIRE_DTYPES = {"f": "<f8", "i": "<i8", "u": "<i8", "b": "|u1"}  # dtype kind -> bytes on the wire
_WIRE_TO_NUMPY: dict[str, np.dtype] = {"<f8": np.dtype("<f8"), "<i8": np.dtype("<i8"),
                                       "|u1": np.dtype("u1")}
_DTYPE_KINDS = {"f": np.float64, "i": np.int64, "u": np.int64, "b": np.bool_}


# ---- framing --------------------------------------------------------------------------------------


def frame(message: Any, allow_nan: bool = False) -> bytes:
    """One message as it travels: its length, then its JSON (NaN only where `allow_nan`: the
    child never sends one, its values say "nan" in words); a `Framed` message's JSON as it is."""
    body = message.body if isinstance(message, Framed) else json.dumps(message, allow_nan=allow_nan).encode()
    return HEADER.pack(len(body)) + body


class Framed:
    """A message whose JSON is made already: a batch of calls (`batch_message`), whose calls'
    JSON the grading process makes once and sends to every child that makes the same calls."""

    __slots__ = ("body",)

    def __init__(self, body: bytes) -> None:
        self.body = body

    def with_fields(self, fields: Mapping[str, Any]) -> Framed:
        """The same message with `fields` too (names it does not have yet)."""
        if not fields:
            return self
        return Framed(json.dumps(dict(fields)).encode()[:-1] + b", " + self.body[1:])


def call_body(request: Mapping[str, Any]) -> bytes:
    """A call's request as JSON, without its id: made once, sent in any number of batches."""
    return json.dumps(request, allow_nan=True).encode()


def batch_message(bodies: Sequence[bytes], ids: Sequence[str], shared_bytes: int) -> Framed:
    """{"op": "batch", "shared_bytes": N, "calls": [...]}, each call's JSON (`call_body`) with
    its "id" first: the message the child reads, the same as the JSON of those dicts."""
    calls = b", ".join(b'{"id": ' + json.dumps(request_id).encode() + b", " + body[1:]
                       for request_id, body in zip(ids, bodies, strict=True))
    return Framed(b'{"op": "batch", "shared_bytes": %d, "calls": [%s]}' % (shared_bytes, calls))


def send_frame(sock: socket.socket, message: Any, fds: Any = (), allow_nan: bool = False) -> None:
    """Send one framed message, with `fds` alongside its first bytes."""
    data = frame(message, allow_nan)
    if fds:
        sent = sock.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
        data = data[sent:]
    if data:
        sock.sendall(data)


class Channel:
    """Framed JSON messages on a blocking Unix stream socket; a message may carry descriptors."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.received_fds: list[int] = []

    def receive(self) -> Any:
        header = self._read_exactly(HEADER.size)
        if header is None:
            return None
        (size,) = HEADER.unpack(header)
        body = self._read_exactly(size)
        return None if body is None else json.loads(body)

    def send(self, message: Any, fds: Any = ()) -> None:
        send_frame(self.sock, message, fds)

    def take_fds(self) -> list[int]:
        fds, self.received_fds = self.received_fds, []
        return fds

    def _read_exactly(self, size: int) -> bytes | None:
        chunks = []
        while size:
            data, ancillary, _flags, _address = self.sock.recvmsg(
                size, socket.CMSG_SPACE(MAX_FDS * array.array("i").itemsize))
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds = array.array("i")
                    fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
                    self.received_fds.extend(fds)
            if not data:
                return None
            chunks.append(data)
            size -= len(data)
        return b"".join(chunks)


# ---- sources: sent once per child, named by their digest ------------------------------------------


@lru_cache(maxsize=64)
def source_digest(source: str) -> str:
    """The name a source travels under: its sha256, in hex (computed once per source object)."""
    return hashlib.sha256(source.encode()).hexdigest()


def with_sources(message: dict | Framed, sources: Mapping[str, str]) -> dict | Framed:
    """In the grading process: `message` carrying `sources` (digest -> source), the ones this
    child has not been sent yet; the message itself where there are none."""
    if not sources:
        return message
    if isinstance(message, Framed):
        return message.with_fields({"sources": dict(sources)})
    return {**message, "sources": dict(sources)}


class UnknownSource(LookupError):
    """A call named a source by a digest this child was never sent (the child replies with the
    digest; the grading process words the error, autograder.sandbox.session)."""

    def __init__(self, digest: str) -> None:
        super().__init__(digest)
        self.digest = digest[:80]


class SourceStore:
    """In the child: the sources received so far, by digest, for the child's lifetime."""

    def __init__(self) -> None:
        self._sources: dict[str, str] = {}

    def receive(self, message: Any) -> None:
        """Keep the sources a message carries, each under the digest of what arrived (a source
        that does not match the digest it came with is kept under its own, so the digest it
        claimed stays unknown)."""
        sources = message.get("sources") if isinstance(message, dict) else None
        if isinstance(sources, dict):
            for source in sources.values():
                if isinstance(source, str):
                    self.add(source)

    def add(self, source: str) -> str:
        """Keep `source` (where the kit runs its own models in-process, it hands them over
        itself); the digest that names it, "" for no source."""
        if not source:
            return ""
        digest = source_digest(source)
        self._sources[digest] = source
        return digest

    def source(self, digest: str) -> str:
        """The source sent under `digest`; "" names none (a call with no such dependency)."""
        if not digest:
            return ""
        if digest not in self._sources:
            raise UnknownSource(digest)
        return self._sources[digest]


# ---- inputs: the grading process encodes, the child decodes ---------------------------------------


def encode_input(value: Any) -> dict:
    """Describe an input (array, number, dict of arrays, text, None) for the child."""
    if isinstance(value, np.ndarray):
        return {"t": "array", "dtype": str(value.dtype), "shape": list(value.shape),
                "data": value.tolist()}
    if isinstance(value, (bool, int, float)):
        return {"t": "number", "value": value}
    if isinstance(value, dict):
        return {"t": "dict", "items": {k: encode_input(v) for k, v in value.items()}}
    if isinstance(value, str):
        return {"t": "str", "value": value}
    if value is None:
        return {"t": "none"}
    raise TypeError(f"cannot send {type(value).__name__} to the sandbox")


def decode_input(value: dict, shared: Any = None) -> Any:
    """In the child: an input back as NumPy arrays (views of the `shared` memory) and numbers."""
    kind = value["t"]
    if kind == "shared":
        shape = value["shape"]
        dtype = np.dtype(value["dtype"])
        count = math.prod(shape)
        if count == 0:
            return np.zeros(shape, dtype=dtype)
        return np.frombuffer(shared, dtype=dtype, count=count, offset=value["offset"]).reshape(shape)
    if kind == "array":
        return np.array(value["data"], dtype=value["dtype"]).reshape(value["shape"])
    if kind == "number":
        return value["value"]
    if kind == "dict":
        return {k: decode_input(v, shared) for k, v in value["items"].items()}
    if kind == "str":
        return value["value"]
    if kind == "none":
        return None
    raise ValueError(f"cannot decode {kind!r}")


class SharedInputs:
    """The array inputs of one call (or of a batch of calls, each input filed under its call),
    in a memory file the child maps and the grading process reads back.

    The child's arrays are views of this memory, so an in-place change by the student's code
    lands here, where the grading process reads it itself after the call.
    """

    ALIGN = 64

    def __init__(self) -> None:
        self._chunks: list[tuple[int, bytes]] = []
        # per call of a batch ("" when there is one), each array's place, by its `array_inputs` name
        self._top: dict[str, dict[str, tuple[int, np.dtype, tuple[int, ...]]]] = {}
        self.size = 0
        self._file: Any = None
        self.fd = -1
        self._view: mmap.mmap | None = None  # the file mapped, once it can no longer shrink

    def encode(self, name: str, value: Any, call: str = "") -> dict:
        """Describe a top-level input of `call`; arrays (also inside dicts) go to the memory file,
        each read back under its `array_inputs` name (a network's W1 as "network.W1")."""
        return self._encode(value, call, name)

    def _encode(self, value: Any, call: str, name: str) -> dict:
        if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
            array_ = np.ascontiguousarray(value)
            offset = -(-self.size // self.ALIGN) * self.ALIGN
            self._chunks.append((offset, array_.tobytes()))
            self.size = offset + array_.nbytes
            self._top.setdefault(call, {})[name] = (offset, array_.dtype, array_.shape)
            return {"t": "shared", "dtype": array_.dtype.str, "shape": list(array_.shape),
                    "offset": offset}
        if isinstance(value, dict):
            return {"t": "dict", "items": {k: self._encode(v, call, dotted(name, k))
                                           for k, v in value.items()}}
        return encode_input(value)

    def fds(self) -> list[int]:
        """The memory file to send with the request (created on first use)."""
        if not self.size:
            return []
        if self.fd < 0:
            self.fd = self._create()
            for offset, data in self._chunks:
                os.pwrite(self.fd, data, offset)
            # Mapped where the child cannot cut it short under the mapping, and where it holds
            # a batch's inputs: for one call's, a read costs less than mapping and unmapping.
            if _seal(self.fd) and len(self._top) > 1:
                self._view = mmap.mmap(self.fd, self.size, prot=mmap.PROT_READ)
        return [self.fd]

    def replica(self) -> SharedInputs:
        """The same inputs in a memory file of their own (a batch encoded once, for each child
        that gets it), written in one piece."""
        copy = SharedInputs()
        copy._top, copy.size = self._top, self.size
        if self.size:
            image = bytearray(self.size)
            for offset, data in self._chunks:
                image[offset:offset + len(data)] = data
            self._chunks = [(0, bytes(image))]  # the next replica copies one piece too
            copy._chunks = self._chunks
        return copy

    def _create(self) -> int:
        if hasattr(os, "memfd_create"):
            fd = os.memfd_create("dlfs-inputs", os.MFD_CLOEXEC | getattr(os, "MFD_ALLOW_SEALING", 0))
        else:  # macOS: an unlinked temporary file does the same
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
            fd = self._file.fileno()
        os.ftruncate(fd, self.size)
        return fd

    def read_back(self, call: str = "") -> dict[str, np.ndarray]:
        """The array inputs of `call` as they are now, read by the grading process, by their
        `array_inputs` names."""
        if self.fd < 0:
            return {}
        after = {}
        for name, (offset, dtype, shape) in self._top.get(call, {}).items():
            count = math.prod(shape)
            size = count * dtype.itemsize
            if self._view is not None:  # sealed: the mapping cannot shrink under the copy
                if offset + size > len(self._view):
                    continue
                values = np.frombuffer(self._view, dtype=dtype, count=count, offset=offset).copy() \
                    if count else np.empty(0, dtype=dtype)
            else:
                data = os.pread(self.fd, size, offset) if count else b""
                if len(data) != size:
                    continue  # the file was cut short: the input counts as changed
                values = np.frombuffer(data, dtype=dtype)  # the bytes read are the grader's own
            values = values.reshape(shape)
            values.flags.writeable = False
            after[name] = values
        return after

    def close(self) -> None:
        if self._view is not None:
            self._view.close()
            self._view = None
        if self._file is not None:
            self._file.close()
        elif self.fd >= 0:
            os.close(self.fd)
        self.fd, self._file = -1, None


def dotted(parent: str, key: str) -> str:
    """The name of the array `key` inside the dict input `parent` ("network.W1")."""
    return f"{parent}.{key}"


def array_inputs(inputs: dict[str, Any], prefix: str = "") -> dict[str, np.ndarray]:
    """Every array of a call's inputs, those inside dicts under dotted names ("network.W1"): the
    names under which `SharedInputs.read_back` gives them as the call left them."""
    found: dict[str, np.ndarray] = {}
    for name, value in inputs.items():
        if isinstance(value, np.ndarray):
            found[prefix + name] = value
        elif isinstance(value, dict):
            found.update(array_inputs(value, dotted(prefix + name, "")))
    return found


def _seal(fd: int) -> bool:
    """Forbid growing or shrinking the memory file where the system allows it; say whether it
    can no longer shrink."""
    seals = (getattr(fcntl, "F_SEAL_SHRINK", 0) | getattr(fcntl, "F_SEAL_GROW", 0)
             | getattr(fcntl, "F_SEAL_SEAL", 0))
    if not seals or not hasattr(fcntl, "F_ADD_SEALS"):
        return False
    try:
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS, seals)
        return bool(fcntl.fcntl(fd, fcntl.F_GET_SEALS) & fcntl.F_SEAL_SHRINK)
    except OSError:
        return False


# ---- results: the child encodes, the grading process decodes --------------------------------------


def encode_value(value: Any, depth: int = 0) -> dict:
    """In the child: a returned value as plain data (arrays as dtype, shape and bytes)."""
    if depth > 4:
        return {"t": "other", "type": "too deeply nested"}
    if isinstance(value, (bool, int, float)) and not isinstance(value, np.generic):
        return {"t": "number", "value": _plain_number(value), "pytype": type(value).__name__}
    if isinstance(value, (np.ndarray, np.generic)):
        values = np.asarray(value)
        if values.dtype.kind not in "biuf":  # complex, strings, objects, records: not numbers
            return {"t": "other", "type": f"array of {values.dtype}"}
        if values.size > MAX_ITEMS:
            return {"t": "other", "type": f"array of {values.size} values (too large)"}
        wire = WIRE_DTYPES[values.dtype.kind]
        if values.dtype.kind == "u" and values.size and values.max() >= 2**63:
            wire = "<f8"
        raw = np.ascontiguousarray(values, dtype=wire).tobytes()
        return {"t": "array", "dtype": str(values.dtype), "shape": list(values.shape),
                "wire": wire, "raw": base64.b64encode(raw).decode("ascii"),
                "scalar": isinstance(value, np.generic)}
    if isinstance(value, (tuple, list)):
        items = [encode_value(v, depth + 1) for v in value[:1000]]
        return {"t": type(value).__name__ if type(value) in (tuple, list) else "list",
                "items": items}
    if isinstance(value, dict):
        return {"t": "dict", "items": {str(k): encode_value(v, depth + 1)
                                       for k, v in list(value.items())[:100]}}
    if value is None:
        return {"t": "none"}
    return {"t": "other", "type": type(value).__name__}


def _plain_number(x: Any) -> Any:
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return x if abs(x) < 2**63 else float(x)
    x = float(x)
    return x if math.isfinite(x) else repr(x)  # "nan", "inf", "-inf": JSON has no such numbers


class MalformedReply(ValueError):
    """The sandbox sent something that is not a well-formed description of a value."""


@dataclass(frozen=True)
class ForeignObject:
    """A returned object that is not a number, an array, a tuple, a list or a dict."""

    type_name: str

    def __repr__(self) -> str:
        return f"<a {self.type_name} object>"


# What one reply may describe in all: the child sends at most 1000 items of a sequence, 100 of a
# dict and MAX_ITEMS values of an array, but its reply is the student's to forge, and a reply
# of a few megabytes of tiny items would otherwise cost the grading process gigabytes.
MAX_VALUES = 10_000  # numbers, containers and arrays in one reply
MAX_ARRAY_VALUES = 4 * MAX_ITEMS  # the values of all its arrays together


def decode_value(description: Any, depth: int = 0) -> Any:
    """In the grading process: the value a reply describes, built from plain data only (fresh,
    read-only float64, int64 or bool arrays), within MAX_VALUES values and MAX_ARRAY_VALUES
    array values in all."""
    return _decode(description, depth, [MAX_VALUES, MAX_ARRAY_VALUES])


def _decode(description: Any, depth: int, budget: list[int]) -> Any:
    if depth > MAX_DEPTH:
        raise MalformedReply("the value is nested too deeply")
    budget[0] -= 1
    if budget[0] < 0:
        raise MalformedReply(f"the value holds more than {MAX_VALUES} items")
    if not isinstance(description, dict):
        raise MalformedReply("a value must be described by a JSON object")
    kind = description.get("t")
    if kind == "number":
        return _number(description.get("value"))
    if kind == "array":
        return _array(description, budget)
    if kind in ("tuple", "list"):
        items = description.get("items")
        if not isinstance(items, list):
            raise MalformedReply("a sequence must list its items")
        values = [_decode(item, depth + 1, budget) for item in items]
        return tuple(values) if kind == "tuple" else values
    if kind == "dict":
        items = description.get("items")
        if not isinstance(items, dict):
            raise MalformedReply("a dict must map names to values")
        return {str(key)[:80]: _decode(value, depth + 1, budget) for key, value in items.items()}
    if kind == "none":
        return None
    if kind == "other":
        return ForeignObject(str(description.get("type", "unknown"))[:80])
    raise MalformedReply(f"unknown value kind {kind!r}")


def _number(value: Any) -> Any:
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


def _array(description: dict, budget: list[int]) -> np.ndarray:
    dtype_name = description.get("dtype")
    shape = description.get("shape")
    if not isinstance(dtype_name, str) or not isinstance(shape, list):
        raise MalformedReply("an array needs a dtype and a shape")
    if not all(isinstance(n, int) and n >= 0 for n in shape) or len(shape) > 8:
        raise MalformedReply("an array's shape must be a short list of sizes")
    budget[1] -= math.prod(shape)
    if math.prod(shape) > MAX_ITEMS or budget[1] < 0:
        raise MalformedReply(f"an array holds more than {MAX_ITEMS} values")
    try:
        kind = np.dtype(dtype_name).kind
    except TypeError as error:
        raise MalformedReply(f"unknown dtype {dtype_name!r}") from error
    target = _DTYPE_KINDS.get(kind)
    if target is None:
        raise MalformedReply(f"unsupported dtype {dtype_name!r}")
    if "raw" in description:
        values = _raw_array(description.get("raw"), description.get("wire"), shape)
        if target is np.bool_:
            values = values != 0
        else:  # a uint64 beyond int64 travels as float64 and stays one
            values = values.astype(np.float64 if values.dtype.kind == "f" else target)
    else:
        flat = list(_flatten(description.get("data"), depth=len(shape)))
        if len(flat) != math.prod(shape):
            raise MalformedReply("an array's data does not fit its shape")
        values = np.array(flat, dtype=target).reshape(shape)
    values.flags.writeable = False
    return values


def _raw_array(raw: Any, wire: Any, shape: list[int]) -> np.ndarray:
    """An array from its values' bytes: only fixed little-endian numeric types, never objects."""
    dtype = _WIRE_TO_NUMPY.get(wire) if isinstance(wire, str) else None
    if dtype is None or not isinstance(raw, str):
        raise MalformedReply("an array's bytes need one of the wire types "
                             + ", ".join(_WIRE_TO_NUMPY))
    try:
        data = base64.b64decode(raw, validate=True)
    except (ValueError, binascii.Error) as error:
        raise MalformedReply("an array's bytes are not base64") from error
    if len(data) != math.prod(shape) * dtype.itemsize:
        raise MalformedReply("an array's data does not fit its shape")
    return np.frombuffer(data, dtype=dtype).reshape(shape)


def _flatten(data: Any, depth: int) -> Any:
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
