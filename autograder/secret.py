"""The instructor's secret, mixed into every hidden check's seed.

Without it a hidden check's random inputs would follow from its id alone: the same for every
student, run and class, known to whoever reads the kit's source, and a lookup table of them
would pass the check. With it, the inputs are the instructor's own: the same secret gives the
same inputs (grades are reproducible), another secret gives others.

Where the secret comes from, the first one set:
1. `AUTOGRADER_SECRET`: the secret itself;
2. `AUTOGRADER_SECRET_FILE` (what `--secret-file` sets): a file holding it;
3. the user's own file, `$XDG_CONFIG_HOME/dlfs-autograder/secret` (`~/.config/...`), written
   on first use with 32 random bytes and mode 0600.

`PUBLIC` is the kit's own published seeds: the kit's tests use it, and the error models of
data/diagnosis_models.json were computed under it (their hidden calls match only under it).
Only a hash of the secret (`fingerprint`) ever leaves this module: resume keys hold it.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from pathlib import Path

__all__ = ["FILE_VARIABLE", "PUBLIC", "VARIABLE", "current_secret", "fingerprint", "hidden_seed", "is_public",
           "published_seeds", "secret_in_force", "secret_source", "user_secret_file"]

VARIABLE = "AUTOGRADER_SECRET"
FILE_VARIABLE = "AUTOGRADER_SECRET_FILE"
PUBLIC = "public"  # the kit's published seeds: no secret at all (the kit's own tests)


def user_secret_file() -> Path:
    """The per-user secret file: under $XDG_CONFIG_HOME, else ~/.config."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "dlfs-autograder" / "secret"


def secret_source() -> str:
    """Where the secret in force comes from, for the end screen (never the secret itself)."""
    if os.environ.get(VARIABLE):
        return "$" + VARIABLE
    return str(Path(os.environ.get(FILE_VARIABLE) or user_secret_file()))


def _secret() -> str:
    text = os.environ.get(VARIABLE)
    if text:
        return text
    named = os.environ.get(FILE_VARIABLE)
    path = Path(named) if named else user_secret_file()
    if not named and not path.exists():
        _create(path)
    secret = path.read_text(encoding="utf-8").strip()
    if not secret:
        raise RuntimeError(f"the secret file {path} is empty")
    return secret


def _create(path: Path) -> None:
    """Write a new random secret, readable by its owner only (a race: the first writer wins)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secrets.token_hex(32) + "\n")


@cache
def _cached(environment: tuple[str | None, str | None, str | None]) -> str:
    return _secret()


def current_secret() -> str:
    """The secret in force (read once per setting of the environment variables)."""
    return _cached((os.environ.get(VARIABLE), os.environ.get(FILE_VARIABLE),
                    os.environ.get("XDG_CONFIG_HOME")))


def published_seeds() -> AbstractContextManager[None]:
    """A block that runs under PUBLIC, whatever secret is set (what the kit ships is computed so)."""
    return secret_in_force(PUBLIC)


@contextmanager
def secret_in_force(secret: str) -> Iterator[None]:
    """A block that runs under `secret`, whatever secret is set (the audit tries several)."""
    before = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = secret
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = before


def is_public() -> bool:
    """Whether the kit's published seeds are in force (the error models' hidden calls hold)."""
    return current_secret() == PUBLIC


def fingerprint() -> str:
    """A hash of the secret: what a resume key holds (a changed secret re-grades)."""
    return hashlib.sha256(b"dlfs-autograder secret\0" + current_secret().encode()).hexdigest()[:16]


def hidden_seed(public_seed: int, name: str) -> int:
    """The seed of the hidden inputs called `name`: `public_seed` under PUBLIC, else one drawn
    from the secret and the name (64 bits of a SHA-256)."""
    secret = current_secret()
    if secret == PUBLIC:
        return public_seed
    digest = hashlib.sha256(f"{secret}\0{name}\0{public_seed}".encode()).digest()
    return int.from_bytes(digest[:8], "big")
