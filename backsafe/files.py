"""Writing a file whole or not at all."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


class WriteFailed(OSError):
    """A file could not be written; str() is one plain sentence, and `strerror`
    keeps the system's reason for callers that word their own sentence."""


class BadPath(WriteFailed):
    """A path a learner typed that cannot name a file (a `~user` with no such user,
    a NUL character); str() is one plain sentence."""


def user_path(text) -> Path:
    """A typed path with `~` expanded; BadPath when it cannot name a file."""
    text = str(text)
    reason = None
    if "\0" in text:
        reason = "it contains a NUL character; type the path again"
    else:
        try:
            return Path(text).expanduser()
        except RuntimeError:             # ~someone, and there is no such user
            home = text.split("/", 1)[0]
            reason = (f"{home} is not a home folder on this computer; give the full path "
                      "instead")
    error = BadPath(f"The path {text[:200]!r} cannot be used: {reason}.")
    error.strerror = reason
    raise error


def _failed(target: Path, exc: OSError) -> WriteFailed:
    error = WriteFailed(cannot_write(target, exc))
    error.strerror = exc.strerror
    return error


def write_atomically(target: Path, write) -> object:
    """Call `write(fh)` on a temporary file beside `target`, renamed over it only
    when complete; returns what `write` returns. Raises WriteFailed."""
    target = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as exc:
        raise _failed(target, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            result = write(fh)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _failed(target, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def write_in_new_folder(target: Path, write) -> object:
    """`write_atomically`, making the target's folder first (a default output
    folder may not exist yet). Raises WriteFailed."""
    try:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed(Path(target), exc) from None
    return write_atomically(target, write)


def cannot_write(target: Path, exc: OSError) -> str:
    why = (exc.strerror or str(exc)).lower()
    return (f"Nothing was written: {target} could not be written ({why}); choose another "
            "folder, or free some space.")
