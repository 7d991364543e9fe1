"""Shared figure plumbing: a pyplot-free figure factory, PNG output, and
figures that carry their own text description."""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .markup import image_figure

_STYLE = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def new_figure(width: float = 6.4, height: float = 4.0, dpi: int = 96, *,
               layout: str | None = "constrained") -> Figure:
    """A Figure with an Agg canvas, outside pyplot (no global state touched).

    `layout=None` for a figure that places its axes itself (fixed margins): no
    layout pass on any draw."""
    import matplotlib

    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(width, height), dpi=dpi, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def png_bytes(fig: Figure) -> bytes:
    """Render a figure to PNG quickly (low zlib effort: speed over size)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def png_html(png: bytes, alt: str) -> str:
    """An accessible <figure>: the PNG with alt text and a visible caption."""
    return image_figure(f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}",
                        alt)


def figure_html(fig: Figure, alt: str) -> str:
    """Render a figure and wrap it as an accessible <figure>."""
    return png_html(png_bytes(fig), alt)


@dataclass
class AccessibleFigure:
    """A matplotlib Figure together with its text description (alt text)."""

    figure: Figure
    alt: str

    def to_html(self) -> str:
        return figure_html(self.figure, self.alt)

    def _repr_html_(self) -> str:
        return self.to_html()
