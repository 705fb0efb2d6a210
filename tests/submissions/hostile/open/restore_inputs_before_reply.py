"""OPEN (not fixed, not graded by tests/test_hostile.py, which reads only the folder above):
relu zeroes the caller's array like mutates_input.py, but the submission also wraps the
sandbox's own `Channel.send` (the wire module the child loaded, found in sys.modules) so that,
just before each reply leaves, every array relu changed is written back to what it was. The
grading process reads the inputs back from the shared memory file only once the reply has
arrived, so it sees them unchanged: relu keeps its input_unchanged points (100 / 100, where
mutates_input.py gets 98).

Why it is open: from the moment the student's module is imported, everything in the child
process is the student's: the code that decodes the inputs, calls the function and sends the
reply can be rewritten (by the module at import, or by the function's own body during the
call). So the grading process can only ever see what the student's harness lets reach the
memory it watches, and when. Here the write is undone before the reply; in
copy_inputs_before_call.py the function is handed a copy, so the watched memory is never
written at all. No reading back, early or late, can tell either from a relu that leaves its
input alone: both submissions behave, as the sandbox calls them, like a non-mutating relu.

Studied (2026-11-30, kernel 6.18, as root and as an ordinary user, plain and in bubblewrap with
a user namespace): the child maps the inputs' memory file MAP_PRIVATE (copy-on-write) and the
grading process reads /proc/<pid>/pagemap (bit 61: a page still the file's) and
/proc/<pid>/maps through files it opens when the child is ready, before any student code:
 - readable in all four modes, and still readable after the child makes itself non-dumpable;
   a pagemap read costs ~1.5 us, a maps read ~0.9 ms in a process that loaded Matplotlib;
 - any write makes the page private, also one writing the same values, one through
   /proc/self/mem, and a restore does not undo it: this attack would be caught;
 - madvise(MADV_DONTNEED) on the page makes it the file's again (seccomp would have to refuse
   madvise, munmap, mremap, mmap MAP_FIXED, mprotect and shmat SHM_REMAP over the input range,
   io_uring and process_madvise everywhere, and the child would have to map the inputs once,
   before the import, and never receive the memory file again: it could remap a file it holds);
 - but a harness that hands the function a copy leaves every watched page the file's: the
   verdict is "unchanged" while the function zeroed its argument (copy_inputs_before_call.py).
Soft-dirty bits (compiled out of this kernel: never set) and userfaultfd write-protection (also
inside the student's process, also blind to a copy) fail the same way.

What would close it: a caller the student's code cannot reach, at import or during the call,
that hands the function the argument and looks at it when the function returns. Inside a
CPython process the student's code can reach everything (module globals, frames, gc, and raw
memory through ctypes or crafted bytecode), and outside it the return is only known from the
student's own word. So it needs an interpreter that keeps the student's Python away from the
caller's code and memory (a runtime built for that, not CPython with NumPy), not a change to
this sandbox. Meanwhile such a submission has to reach into the sandbox's own modules
(sys.modules, the child's globals, its wire module), which a reader sees at once: a review
flag, not a proof. Until then the input-unchanged checks hold against a function that mutates
its input, not against a submission that also rewrites the sandbox (README, "What it does not
guarantee").

file: activations.py
may_lose: relu
loses: relu
"""
import sys as _sys

import numpy as np

_wire = _sys.modules.get("dlfs_sandbox_wire")
_saved = []
if _wire is not None:
    _send = _wire.Channel.send

    def _restoring_send(self, message, fds=()):
        for view, data in _saved:
            view[...] = data
        _saved.clear()
        return _send(self, message, fds)

    _wire.Channel.send = _restoring_send


def relu(x):
    if isinstance(x, np.ndarray):
        _saved.append((x, x.copy()))
    y = np.maximum(0, x)
    x[...] = 0
    return y
