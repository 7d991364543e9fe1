"""The made-up example training log (training_example.yaml) for lesson 06."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..models import InputError
from ..models.training_csv import parse_training_csv
from .loader import ContentError, field, load_yaml

FILE = "training_example.yaml"
_FAR_FUTURE = date(9999, 12, 31)   # example dates are fixed; never "in the future"


@dataclass(frozen=True)
class ExampleLog:
    label: str
    description: str
    sessions: tuple[tuple[str, float, float, str], ...]   # (day, minutes, rpe, note)


def parse_example(data, file: str = FILE) -> ExampleLog:
    """Validate the file's contents; every session row must be accepted."""
    label = field(data, "label", str, file, None)
    if "made-up" not in label.lower():
        raise ContentError(file, "the label must say the log is made-up", None, "label")
    description = field(data, "description", str, file, None)
    text = field(data, "sessions", str, file, None)
    try:
        parsed = parse_training_csv(text, today=_FAR_FUTURE)
    except InputError as exc:
        raise ContentError(file, str(exc), None, "sessions") from None
    if parsed.rejected:
        bad = parsed.rejected[0]
        raise ContentError(file, bad.reason, f"line {bad.line}", "sessions")
    return ExampleLog(label, description, parsed.accepted)


@lru_cache(maxsize=1)
def example_log() -> ExampleLog:
    """The shipped made-up example (parsed once)."""
    return parse_example(load_yaml(FILE))
