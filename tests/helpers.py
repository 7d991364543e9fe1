"""Small helpers shared by the tests."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def dump(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def classes(widget) -> set[str]:
    return set(getattr(widget, "_dom_classes", ()))


def find(widget, cls: str) -> list:
    """Every descendant widget (depth first, including itself) with a CSS class."""
    found = [widget] if cls in classes(widget) else []
    for child in getattr(widget, "children", ()):
        found += find(child, cls)
    return found
