"""A seccomp filter: the system calls student code has no business making fail with EPERM.

Standard library only: the child applies it to itself (`apply`) just before it serves a
submission, after its namespaces, mounts and uid are set, so it binds the student's code and
everything that code starts. Denied: new namespaces (unshare, setns, clone with a CLONE_NEW*
flag; clone3 answers ENOSYS so the C library falls back to clone, whose flags can be checked),
the kernel keyring (keyctl, add_key, request_key), ptrace and reading other processes' memory,
mount and the new mount API, pivot_root, chroot, kexec, modules, bpf, perf_event_open,
userfaultfd, open_by_handle_at, reboot, swap, acct, quotactl; and, as container runtimes do,
io_uring (whose operations seccomp never sees), personality (address space randomisation) and
the NUMA memory-policy calls; the page cache's oracles and levers (fadvise, readahead,
preadv2 and pwritev2 with their RWF_NOWAIT, cachestat, mincore, process_madvise, and madvise's
MADV_COLD and MADV_PAGEOUT): a child that saw hidden inputs evicted pages of a read-only file
nobody reads and read back some, and the fresh child that searched a counterexample asked
which were cached, so the inputs reached the feedback (attack round 11); what the page cache
still tells is time (README); and sockets of any family but AF_UNIX (socket, socketpair): the
child has no network, and a Unix socket outlives its child only caught in flight, which the fork
server waits out before the next child shares its network namespace (autograder/sandbox/zygote.py).
A system call of another architecture's numbering (the x32 ABI, a 32-bit compat call) kills the
process.
"""
from __future__ import annotations

import ctypes
import errno
import platform
import struct
from collections.abc import Callable

__all__ = ["DENIED", "apply", "filter_program", "prepare"]

DENIED = ("unshare", "setns", "keyctl", "add_key", "request_key", "ptrace", "process_vm_readv",
          "process_vm_writev", "mount", "umount2", "pivot_root", "chroot", "open_tree",
          "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
          "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "bpf",
          "perf_event_open", "userfaultfd", "open_by_handle_at", "reboot", "swapon", "swapoff",
          "acct", "quotactl", "iopl", "ioperm", "io_uring_setup", "io_uring_enter",
          "io_uring_register", "personality", "mbind", "set_mempolicy", "move_pages",
          "migrate_pages",
          # the page cache's oracles and levers (see the module's text)
          "fadvise64", "readahead", "preadv2", "pwritev2", "cachestat", "mincore",
          "process_madvise")
# madvise: allowed but for the advice that evicts a file's pages from the page cache
MADV_COLD, MADV_PAGEOUT = 20, 21

# System call numbers (asm/unistd_64.h for x86_64, asm-generic/unistd.h for aarch64).
NUMBERS = {
    "x86_64": {"clone": 56, "clone3": 435, "socket": 41, "socketpair": 53, "unshare": 272,
               "setns": 308, "keyctl": 250,
               "add_key": 248, "request_key": 249, "ptrace": 101, "process_vm_readv": 310,
               "process_vm_writev": 311, "mount": 165, "umount2": 166, "pivot_root": 155,
               "chroot": 161, "open_tree": 428, "move_mount": 429, "fsopen": 430,
               "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
               "kexec_load": 246, "kexec_file_load": 320, "init_module": 175,
               "finit_module": 313, "delete_module": 176, "bpf": 321, "perf_event_open": 298,
               "userfaultfd": 323, "open_by_handle_at": 304, "reboot": 169, "swapon": 167,
               "swapoff": 168, "acct": 163, "quotactl": 179, "iopl": 172, "ioperm": 173,
               "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
               "personality": 135, "mbind": 237, "set_mempolicy": 238, "move_pages": 279,
               "migrate_pages": 256, "fadvise64": 221, "readahead": 187, "preadv2": 327,
               "pwritev2": 328, "cachestat": 451, "mincore": 27, "process_madvise": 440,
               "madvise": 28},
    "aarch64": {"clone": 220, "clone3": 435, "socket": 198, "socketpair": 199, "unshare": 97,
                "setns": 268, "keyctl": 219,
                "add_key": 217, "request_key": 218, "ptrace": 117, "process_vm_readv": 270,
                "process_vm_writev": 271, "mount": 40, "umount2": 39, "pivot_root": 41,
                "chroot": 51, "open_tree": 428, "move_mount": 429, "fsopen": 430,
                "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
                "kexec_load": 104, "kexec_file_load": 294, "init_module": 105,
                "finit_module": 273, "delete_module": 106, "bpf": 280, "perf_event_open": 241,
                "userfaultfd": 282, "open_by_handle_at": 265, "reboot": 142, "swapon": 224,
                "swapoff": 225, "acct": 89, "quotactl": 60, "io_uring_setup": 425,
                "io_uring_enter": 426, "io_uring_register": 427, "personality": 92, "mbind": 235,
                "set_mempolicy": 237, "move_pages": 239, "migrate_pages": 238, "fadvise64": 223,
                "readahead": 213, "preadv2": 286, "pwritev2": 287, "cachestat": 451,
                "mincore": 232, "process_madvise": 440, "madvise": 233},
}
AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
X32_SYSCALL_BIT = 0x40000000
AF_UNIX = 1
CLONE_NEW_FLAGS = 0x7E020000  # CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET

# classic BPF
LD_W_ABS, JEQ_K, JSET_K, JGE_K, RET_K = 0x20, 0x15, 0x45, 0x35, 0x06
RET_ALLOW, RET_ERRNO, RET_KILL_PROCESS = 0x7FFF0000, 0x00050000, 0x80000000
OFFSET_NR, OFFSET_ARCH, OFFSET_ARG0 = 0, 4, 16  # struct seccomp_data (little-endian)
OFFSET_ARG2 = OFFSET_ARG0 + 2 * 8
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2


def _statement(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def filter_program(machine: str | None = None) -> bytes:
    """The filter for `machine` (this one's by default), as packed `struct sock_filter`s."""
    machine = machine or platform.machine()
    numbers = NUMBERS.get(machine)
    if numbers is None:
        raise OSError(errno.ENOSYS, f"no seccomp filter for {machine}")
    denied = sorted({numbers[name] for name in DENIED if name in numbers})
    deny = RET_ERRNO | errno.EPERM
    program = [_statement(LD_W_ABS, OFFSET_ARCH),
               _statement(JEQ_K, AUDIT_ARCH[machine], jt=1),
               _statement(RET_K, RET_KILL_PROCESS),
               _statement(LD_W_ABS, OFFSET_NR)]
    if machine == "x86_64":  # x32 numbers reach the same kernel code by another number
        program += [_statement(JGE_K, X32_SYSCALL_BIT, jf=1), _statement(RET_K, RET_KILL_PROCESS)]
    # clone: allowed unless its flags (argument 0) ask for a new namespace
    program += [_statement(JEQ_K, numbers["clone"], jf=4),
                _statement(LD_W_ABS, OFFSET_ARG0),
                _statement(JSET_K, CLONE_NEW_FLAGS, jf=1),
                _statement(RET_K, deny),
                _statement(RET_K, RET_ALLOW)]
    program += [_statement(JEQ_K, numbers["clone3"], jf=1),
                _statement(RET_K, RET_ERRNO | errno.ENOSYS)]
    # socket, socketpair: allowed for Unix sockets only (their domain, argument 0)
    for call in ("socket", "socketpair"):
        program += [_statement(JEQ_K, numbers[call], jf=4),
                    _statement(LD_W_ABS, OFFSET_ARG0),
                    _statement(JEQ_K, AF_UNIX, jf=1),
                    _statement(RET_K, RET_ALLOW),
                    _statement(RET_K, deny)]
    # madvise: allowed unless its advice (argument 2) is MADV_COLD or MADV_PAGEOUT
    program += [_statement(JEQ_K, numbers["madvise"], jf=5),
                _statement(LD_W_ABS, OFFSET_ARG2),
                _statement(JEQ_K, MADV_COLD, jt=2),
                _statement(JEQ_K, MADV_PAGEOUT, jt=1),
                _statement(RET_K, RET_ALLOW),
                _statement(RET_K, deny)]
    for number in denied:
        program += [_statement(JEQ_K, number, jf=1), _statement(RET_K, deny)]
    program.append(_statement(RET_K, RET_ALLOW))
    return b"".join(program)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def apply() -> None:
    """Install the filter on this process (and everything it starts from now on)."""
    prepare()()


def prepare() -> Callable[[], None]:
    """`apply`, with the filter built and the C library bound now: a fork server prepares once,
    and each child it forks only makes the two system calls."""
    program = filter_program()
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    kept = (buffer, fprog)  # the filter's memory lives as long as `install`
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                           ctypes.c_ulong]

    def install() -> None:
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
        if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(kept[1]), 0, 0) != 0:
            error = ctypes.get_errno()
            raise OSError(error, f"seccomp: {errno.errorcode.get(error, error)}")

    return install
