"""Figures that do not depend on learner input, drawn once and kept as SVG.

Drawing with matplotlib costs a lesson the matplotlib import and a render on
every Run All. A figure whose content is fixed is rendered on first use and
kept in the user's cache folder; later runs read the SVG text and never load
matplotlib. The cache key covers the content file, the drawing code, the course
and matplotlib versions, so any change to them draws afresh. A folder that
cannot be written only means the figure is drawn each time.

This module must not import matplotlib.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from importlib import resources, util
from pathlib import Path
from collections.abc import Callable

from .markup import image_figure

SVG_RC = {"svg.fonttype": "none"}   # text stays text: smaller, sharp, selectable


def cache_key(content_files: tuple[str, ...], modules: tuple[str, ...]) -> str:
    """A digest of content files (under backsafe/content) and modules' source code."""
    from .. import __version__

    digest = hashlib.sha256(__version__.encode())
    digest.update(_matplotlib_release().encode())
    root = resources.files("backsafe.content")
    for name in content_files:
        digest.update(root.joinpath(name).read_bytes())
    for module in modules:
        digest.update(Path(util.find_spec(module).origin).read_bytes())
    return digest.hexdigest()[:20]


def _matplotlib_release() -> str:
    """matplotlib's installed version, without importing it: the name of its
    dist-info folder (importlib.metadata would import the email package, ~25 ms)."""
    spec = util.find_spec("matplotlib")
    if spec is None or spec.origin is None:
        return ""
    found = sorted(p.name for p in Path(spec.origin).parents[1].glob("matplotlib-*.dist-info"))
    if found:
        return found[-1]
    from importlib import metadata

    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return ""


def cached_svg(name: str, key: str, render: Callable[[], str]) -> str:
    """The SVG text for `name`, from the cache when its key matches, else rendered
    (and kept for next time when the cache folder can be written)."""
    from ..files import write_atomically
    from ..store import app_mode, cache_dir, drop_old_figure_cache

    folder = cache_dir()
    path = None if folder is None else folder / f"{name}-{key}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except (AttributeError, OSError, UnicodeDecodeError):
        pass
    text = render()
    if path is None or app_mode():      # a shared app writes nothing on the server
        return text
    drop_old_figure_cache()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda fh: fh.write(text))
        for old in path.parent.glob(f"{name}-*.svg"):   # earlier versions of it
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return text


def render_svg(figure) -> str:
    """A matplotlib Figure as SVG text (deterministic ids)."""
    import io

    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({**SVG_RC, "svg.hashsalt": "bsld"}):
        figure.savefig(buf, format="svg")
    return buf.getvalue()


def svg_html(svg: str, alt: str, caption: str | None = None) -> str:
    """An accessible <figure>: the SVG as an image, alt text and a visible caption."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return image_figure(f"data:image/svg+xml;base64,{data}", alt, caption)


@dataclass
class StaticFigure:
    """A fixed figure kept as SVG, with its text description.

    Shows like an AccessibleFigure; `.figure` draws the matplotlib Figure on
    demand for code that wants it.
    """

    svg: str
    alt: str
    build: Callable[[], object]          # -> AccessibleFigure

    @property
    def figure(self):
        return self.build().figure

    def to_html(self) -> str:
        return svg_html(self.svg, self.alt)

    def _repr_html_(self) -> str:
        return self.to_html()
