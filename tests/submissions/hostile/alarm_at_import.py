"""Sets signal.alarm(1) at import of activations.py: one second later SIGALRM (default action:
terminate) kills the process that imported it; it also replaces any alarm the grader had set.

A grader that uses SIGALRM for its own timeouts in the student's process loses them, and the
process dies a second after the import. The functions are the reference, but any call made
after the alarm fires dies with the process, so everything may be lost; a safe grader records
those as crashes and goes on with the next functions / submissions.

file: activations.py
may_lose: *
"""
import signal

signal.alarm(1)
