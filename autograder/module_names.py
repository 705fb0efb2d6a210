"""Plain module names lent to trusted code while it loads, and given back afterwards.

The reference solutions and the diagnosis's models import each other by plain name, as a
student's modules do (`from activations import sigmoid`). While they load, those names must
point at them in `sys.modules`; afterwards, whatever held the names before (nothing, or a
student's module imported in this process by a notebook) must hold them again.
"""
from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator

__all__ = ["lent_module_names"]


@contextlib.contextmanager
def lent_module_names(names: Iterable[str]) -> Iterator[None]:
    """Inside: `names` are free in sys.modules (removed first); after: restored as they were."""
    saved = {name: sys.modules.get(name) for name in names}
    for name in saved:
        sys.modules.pop(name, None)
    try:
        yield
    finally:
        for name, previous in saved.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
