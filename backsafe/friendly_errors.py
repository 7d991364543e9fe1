"""Show the course's own errors in a notebook as one plain sentence, not a traceback.

A damaged content file, an unusable progress file or a value a model cannot
use is something for the learner to act on, not a bug to debug. The cell still
fails (so "Run All" stops there and nbval reports it); only the display changes.
"""
from __future__ import annotations

import sys

_ADVICE = {
    "ContentError": ("A course content file is damaged ({}). If you edited it, undo your "
                     "change; otherwise reinstall the course (make clean, then make lab)."),
    "StoreUnavailable": "{}",
    "InputError": "{} Change the value and run the cell again.",
    "UnknownName": "{} Check the spelling and run the cell again.",
}


def friendly_message(exc: BaseException) -> str:
    """The learner-facing text for one of the course's own errors."""
    return _ADVICE.get(type(exc).__name__, "{}").format(exc)


def install() -> None:
    """Register the handler with the running IPython shell (once; no-op elsewhere)."""
    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "_bsld_friendly_errors", False):
        return
    from .content.loader import ContentError, UnknownName
    from .models import InputError
    from .store import StoreUnavailable

    def handler(shell, etype, value, tb, tb_offset=None):
        # IPython only calls the handler; showing the result is up to us.
        stb = [friendly_message(value)]
        shell._showtraceback(etype, value, stb)
        return stb

    shell.set_custom_exc((ContentError, StoreUnavailable, InputError, UnknownName),
                         handler)
    shell._bsld_friendly_errors = True
