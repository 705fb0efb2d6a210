"""Honest-looking but wrong: forward computes the book's answer, then sets every array of the
network it was given to 0.

The contract says neither argument is changed. The input_unchanged check read back only the
arrays given at the top level (x), not those inside the network dict: forward kept 100/100
(attack round 12). Every array of the inputs is now read back, those inside a dict under their
dotted names ("network.W1"), and forward loses its input_unchanged point.

file: network.py
may_lose: forward
loses: forward
"""
_book_forward = forward


def forward(network, x):
    y = _book_forward(network, x)
    for value in network.values():
        value[...] = 0
    return y
