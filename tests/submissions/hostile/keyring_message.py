"""Uses the kernel keyring, which Linux shares by uid across processes and namespaces: at
import it looks for a key an earlier student added, then adds its own to the user and session
keyrings (add_key, keyctl). sigmoid is right only if no keyring call succeeded.

file: activations.py
may_lose:
"""
import ctypes as _ctypes

_libc = _ctypes.CDLL(None, use_errno=True)
_KEY_SPEC_USER_KEYRING, _KEY_SPEC_SESSION_KEYRING = -4, -3
_found = _libc.syscall(249 if __import__("platform").machine() == "x86_64" else 218,
                       b"user", b"dlfs-hostile-key", None, 0)  # request_key
_added = [_libc.syscall(248 if __import__("platform").machine() == "x86_64" else 217, b"user",
                        b"dlfs-hostile-key", b"answers", 7, ring)  # add_key
          for ring in (_KEY_SPEC_USER_KEYRING, _KEY_SPEC_SESSION_KEYRING)]
_reached = _found >= 0 or any(serial >= 0 for serial in _added)


def sigmoid(x):
    if _reached:
        return x
    return 1 / (1 + np.exp(-x))
