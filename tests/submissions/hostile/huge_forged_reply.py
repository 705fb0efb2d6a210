"""Replaces the sandbox's own `Channel.send` (the wire module the child loaded, found in
sys.modules) so that the reply to each softmax call is a forged list of 2.7 million
`{"t": "none"}` items, just under the 32 MB a reply could hold. The child itself never sends
more than 1000 items, but the grading process decoded whatever it was told: one such student
took the grading worker (not limited by any cgroup) to 2.5 GB and 100 s, and wrote 46 MB of
feedback three times. The grading process decodes at most `wire.MAX_VALUES` values in a reply
(of at most 8 MB): softmax's forged replies are malformed, nothing else changes.

file: activations.py
may_lose: softmax
"""
import sys as _sys

import numpy as np

_wire = _sys.modules.get("dlfs_sandbox_wire")
_state = {"on": False}
if _wire is not None:
    _send_frame = _wire.send_frame
    _ITEM = b'{"t":"none"},'
    _ITEMS = _ITEM * ((32 * 2**20 - 200) // len(_ITEM) - 1) + b'{"t":"none"}'

    def _big_send(self, message, fds=()):
        if isinstance(message, dict) and _state["on"] and "value" in message:
            _state["on"] = False
            body = (b'{"id": ' + _wire.json.dumps(message.get("id")).encode()
                    + b', "ok": true, "seconds": 0.0, "warnings": [], "value": '
                    + b'{"t": "list", "items": [' + _ITEMS + b']}}')
            self.sock.sendall(_wire.HEADER.pack(len(body)) + body)
            return None
        return _send_frame(self.sock, message, fds)

    _wire.Channel.send = _big_send


def softmax(a):
    _state["on"] = True
    c = np.max(a, axis=-1, keepdims=True)
    e = np.exp(a - c)
    return e / np.sum(e, axis=-1, keepdims=True)
