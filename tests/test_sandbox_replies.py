"""A reply is the student's to forge: the grading process decodes only a bounded value from it.

The child never sends more than 1000 items of a sequence or MAX_ITEMS values of an array, but
student code can replace the child's own sending (tests/submissions/hostile/huge_forged_reply.py):
a forged reply of tiny items cost the grading process gigabytes before it was bounded.
"""
from __future__ import annotations

import base64
import json
import os
import socket
import tracemalloc

import numpy as np
import pytest

from autograder.sandbox import wire
from autograder.sandbox.process import MAX_REPLY_BYTES, ChildGone, SocketChild
from autograder.sandbox.wire import (
    HEADER,
    MAX_ARRAY_VALUES,
    MAX_ITEMS,
    MAX_VALUES,
    MalformedReply,
    decode_value,
    encode_value,
)


def nones(count: int) -> dict:
    return {"t": "list", "items": [{"t": "none"}] * count}


def raw_array(count: int) -> dict:
    data = base64.b64encode(np.zeros(count).tobytes()).decode("ascii")
    return {"t": "array", "dtype": "float64", "shape": [count], "wire": "<f8", "raw": data}


def test_a_reply_may_hold_what_the_child_sends():
    value = [np.arange(MAX_ITEMS, dtype=float), list(range(999)), {"a": 1.5}]
    decoded = decode_value(encode_value(value))
    assert decoded[0].shape == (MAX_ITEMS,) and decoded[1][-1] == 998 and decoded[2] == {"a": 1.5}


def test_a_reply_of_more_items_than_a_child_sends_is_malformed():
    assert decode_value(nones(MAX_VALUES - 1)) == [None] * (MAX_VALUES - 1)
    with pytest.raises(MalformedReply):
        decode_value(nones(MAX_VALUES))
    with pytest.raises(MalformedReply):
        decode_value({"t": "dict", "items": {str(i): {"t": "none"} for i in range(MAX_VALUES)}})


def test_arrays_are_bounded_one_by_one_and_together():
    with pytest.raises(MalformedReply):
        decode_value(raw_array(MAX_ITEMS + 1))
    many = MAX_ARRAY_VALUES // MAX_ITEMS
    assert len(decode_value({"t": "tuple", "items": [raw_array(MAX_ITEMS)] * many})) == many
    with pytest.raises(MalformedReply):
        decode_value({"t": "tuple", "items": [raw_array(MAX_ITEMS)] * (many + 1)})


def test_a_forged_reply_costs_the_grading_process_little_memory():
    body = json.dumps(nones(MAX_REPLY_BYTES // 15 - 10)).encode()
    assert len(body) <= MAX_REPLY_BYTES
    description = json.loads(body)
    tracemalloc.start()
    try:
        with pytest.raises(MalformedReply):
            decode_value(description)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20


def test_a_reply_larger_than_the_limit_is_refused_before_it_is_read():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(HEADER.pack(MAX_REPLY_BYTES + 1))
        child = SocketChild(ours, lambda ended: "ended")
        with pytest.raises(ChildGone):
            child.receive(5)


@pytest.mark.parametrize("sealed", [True, False], ids=["mapped", "read"])
def test_inputs_are_read_back_as_the_child_left_them(monkeypatch, sealed):
    """The grading process reads a batch's array inputs back itself, through a mapping of the
    sealed memory file or, where it cannot be sealed, by reading it: what the child wrote in
    place, the shape kept, read-only, and an input the file no longer holds left out (counted
    changed)."""
    if not sealed:
        monkeypatch.setattr(wire, "_seal", lambda fd: False)
    shared = wire.SharedInputs()
    shared.encode("x", np.arange(6.0).reshape(2, 3), call="0")
    shared.encode("none", np.zeros((0, 4)), call="0")
    shared.encode("w", np.ones(3, dtype=np.int32), call="1")
    (fd,) = shared.fds()
    try:
        assert (shared._view is not None) == sealed  # the path this case is about
        os.pwrite(fd, np.full(6, 7.0).tobytes(), 0)  # the student's x[...] = 7
        first, second = shared.read_back("0"), shared.read_back("1")
        assert first["x"].tolist() == [[7.0] * 3] * 2 and first["none"].shape == (0, 4)
        assert second["w"].dtype == np.int32 and second["w"].tolist() == [1, 1, 1]
        assert not any(value.flags.writeable for value in [*first.values(), *second.values()])
        if not sealed:  # only an unsealed file can be cut short under the grader
            os.ftruncate(fd, 8)
            assert set(shared.read_back("0")) == {"none"} and not shared.read_back("1")
    finally:
        shared.close()
