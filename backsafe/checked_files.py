"""Progress files that passed SQLite's integrity check, remembered across kernels.

Opening a progress file runs `PRAGMA quick_check`, which reads every page of it:
3 ms at 10,000 answers and 22 ms at 100,000, in the first cell of every lesson.
A file that is exactly as this course left it (same inode, size and change
times) after a check or after one of its own writes has been written since only
by SQLite, through this course, so it needs neither the check nor the test write
that finds a read-only file. Anything else that touches the file, or the
permissions of its folder, changes its fingerprint, and the next open checks it
again.

The fingerprints are kept in the cache folder: losing them only costs a check.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

MEMO = "checked-progress-files.json"
MAX_FILES = 16          # tests and class folders make many; keep the latest


def fingerprint(path: Path) -> list[int] | None:
    """The file's identity, size and change times, and its folder's: a change of
    content or permissions (of the file or the folder) changes one of them."""
    try:
        st, folder = os.stat(path), os.stat(Path(path).parent)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns,
            folder.st_ino, folder.st_mtime_ns, folder.st_ctime_ns]


def _memo() -> Path | None:
    from .store import app_mode, cache_dir

    folder = None if app_mode() else cache_dir()
    return None if folder is None else folder / MEMO


def _read(memo: Path) -> dict:
    try:
        data = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_known(path: Path) -> bool:
    """True when `path` is as this course last left it after a check or a write."""
    memo = _memo()
    if memo is None:
        return False
    seen = fingerprint(path)
    return seen is not None and _read(memo).get(str(path)) == seen


def _update(path: Path, keep: bool) -> None:
    memo = _memo()
    if memo is None:
        return
    from .files import write_atomically

    try:
        memo.parent.mkdir(parents=True, exist_ok=True)   # first, as it may be beside
        data = _read(memo)                               # the file (see fingerprint)
        data.pop(str(path), None)
        seen = fingerprint(path) if keep else None
        if seen is not None:
            data[str(path)] = seen
        kept = dict(list(data.items())[-MAX_FILES:])
        write_atomically(memo, lambda fh: json.dump(kept, fh))
    except OSError:           # WriteFailed is an OSError: the next open checks again
        pass


def remember(path: Path) -> None:
    """Record `path` as checked, as it is now (call right after a check or a write)."""
    _update(path, keep=True)


def forget(path: Path) -> None:
    """The next open of `path` checks it again (SQLite found it damaged)."""
    _update(path, keep=False)
