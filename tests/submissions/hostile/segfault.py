"""gradient_descent dereferences a NULL pointer with ctypes: the process dies with SIGSEGV.

file: gradients.py
may_lose: gradient_descent
"""
import ctypes


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    ctypes.string_at(0)
    return init_x, None
