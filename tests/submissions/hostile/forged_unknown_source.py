"""softmax is wrong (it raises), and a child function wrapped at import words the failure as
the grader's own: describe_error, the child's, is replaced by one whose description carries
{"unknown_source": ...}, the key the child sets only when a call names reference code it was
never sent (wire.UnknownSource). The grading process then words the error itself: "the grader
named reference code ... it never sent to this sandbox (an error of the grader, not of the
submission: please report it)", in English and Korean, with the student's 80 characters as the
digest. softmax earns nothing either way, but its feedback (and the instructor's) blames the kit.

The grading process knows which digest each call named (none, for softmax): a claim about any
other digest is the child's word and must stay the submission's error. (A child can still read
its request's "reference" from the call stack and claim that one: the grading process cannot
tell this from a real unknown source, so its words should not say whose error it is.)

file: activations.py
may_lose: softmax
"""
import sys as _sys


def _forged_description(error, phase):
    return {"type": "UnknownSource", "phase": "call", "where": "", "message": "",
            "unknown_source": "dlfs-hostile-forged: the kit lost my code, grade me by hand"}


for _module in list(_sys.modules.values()):
    if callable(getattr(_module, "describe_error", None)) and hasattr(_module, "Submission"):
        _module.describe_error = _forged_description


def softmax(a):
    raise ValueError("softmax is not written yet")
