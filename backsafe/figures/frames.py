"""Frames of live figures: drawn with matplotlib once, then kept on disk.

A frame (see ``overlay``) depends only on the drawing code and layout facts
(size, rounded axis ranges, tick labels), never on the values a learner typed,
so it is kept in the user's cache folder (``store.cache_dir``), like the fixed
figures of ``svg_cache`` (read, but never written, in a shared app). A later Run All reads
it back and never loads matplotlib. The key covers the drawing
modules' source, the course and matplotlib versions and the parameters; a
folder that cannot be written only means the frame is drawn each time.

This module must not import matplotlib (``render_frame`` is handed a figure).
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
from functools import cache
from collections.abc import Callable

from .overlay import Frame, Panel
from .svg_cache import cache_key

_MEMORY: dict[str, Frame] = {}
KEEP = 12          # frames kept on disk per figure (each about 50 kB)
MEMORY_LIMIT = 32  # frames kept in memory, all figures together


def render_frame(figure, panels: dict) -> Frame:
    """Draw `figure` (an Agg-backed matplotlib Figure) and keep its picture and
    where each named axes of `panels` sits, after layout and aspect.

    The picture is stored with a 256-colour palette: drawn once, it is sent to
    the browser with every change, where 2-3 times fewer bytes to carry and
    decode count more than the 50 ms the quantising costs here."""
    from PIL import Image

    canvas = figure.canvas
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA",
                             0, 1).convert("RGB")
    png = io.BytesIO()
    image.quantize(256, method=Image.Quantize.MEDIANCUT).save(png, "png", optimize=True)
    kept = {}
    for name, ax in panels.items():
        x0, y0, w, h = ax.bbox.bounds
        kept[name] = Panel(x0, height - y0 - h, w, h, tuple(ax.get_xlim()),
                           tuple(ax.get_ylim()), ax.get_xscale() == "log",
                           ax.get_yscale() == "log")
    return Frame(base64.b64encode(png.getvalue()).decode("ascii"), width, height,
                 figure.dpi, kept)


@cache
def _code_key(modules: tuple[str, ...]) -> str:
    return cache_key((), ("backsafe.figures.frames", "backsafe.figures.overlay", *modules))


def cached_frame(name: str, params: tuple, modules: tuple[str, ...],
                 draw: Callable[[], Frame]) -> Frame:
    """The frame `name` for `params`: from memory, from the data folder, or
    drawn by `draw()` (and kept). `modules` are the ones whose code draws it."""
    from ..store import app_mode, cache_dir

    code = _code_key(modules)
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:16]
    memo = f"{name}-{code}-{digest}"
    if memo in _MEMORY:
        return _MEMORY[memo]
    folder = cache_dir()
    path = None if folder is None else folder / f"{memo}.json"
    try:
        frame = Frame.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        frame = draw()
        if path is not None and not app_mode():   # a shared app writes nothing
            _keep(folder, path, name, code, frame)
    if len(_MEMORY) >= MEMORY_LIMIT:              # a long session: forget the oldest
        del _MEMORY[next(iter(_MEMORY))]
    _MEMORY[memo] = frame
    return frame


def _keep(folder, path, name: str, code: str, frame: Frame) -> None:
    """Write the frame; remove this figure's frames drawn by other code, and its
    least recently drawn ones beyond KEEP (a log that grows by a day each time
    would otherwise leave one file per day)."""
    from ..files import write_atomically
    from ..store import drop_old_figure_cache

    drop_old_figure_cache()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda fh: json.dump(frame.as_dict(), fh))
        mine = []
        for old in folder.glob(f"{name}-*.json"):
            parts = old.stem.rsplit("-", 2)
            if len(parts) != 3 or parts[0] != name:
                continue
            if parts[1] != code:
                old.unlink(missing_ok=True)
            else:
                mine.append((old.stat().st_mtime, old))
        for _, old in sorted(mine, reverse=True)[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
