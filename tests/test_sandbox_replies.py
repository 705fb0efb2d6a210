"""A reply is the student's to forge: the grading process decodes only a bounded value from it.

The child never sends more than 1000 items of a sequence or MAX_ITEMS values of an array, but
student code can replace the child's own sending (tests/submissions/hostile/huge_forged_reply.py):
a forged reply of tiny items cost the grading process gigabytes before it was bounded.
"""
from __future__ import annotations

import base64
import json
import socket
import tracemalloc

import numpy as np
import pytest

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
