"""Live figures: a still picture drawn once, and the moving parts as SVG on top.

An explorer's figure has parts that stay put (axes, ticks, reference lines)
and parts that move with the learner's input. The still part is a *frame*:
drawn once with matplotlib (see ``frames``) and kept as a PNG together with
where each panel (axes) sits and what data range it shows. On every change a
:class:`Sketch` writes the moving parts as SVG in those panels' data
coordinates: well under a millisecond, with no matplotlib at all, so a lesson
whose frames are cached never imports it.

Sizes follow matplotlib's units (line widths, marker and font sizes in
points), so the overlay matches the picture it is drawn on.

This module must not import matplotlib.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import numpy as np

from .markup import Layers, caption_html, figure_markup

FONT = "DejaVu Sans, Bitstream Vera Sans, Verdana, Arial, sans-serif"
# matplotlib's dash patterns (rcParams lines.*_pattern), in line widths
_DASHES = {"-": None, "--": (3.7, 1.6), ":": (1.0, 1.65), "-.": (6.4, 1.6, 1.0, 1.6)}
_HATCH_DENSITY = 6        # matplotlib's: lines per inch for each hatch character
_HATCH_NAMES = {"/": "f", "\\": "b", "x": "x", "X": "x", ".": "d"}   # for SVG ids


@dataclass(frozen=True)
class Panel:
    """One axes of a frame: its box in pixels (y down) and its data limits."""

    left: float
    top: float
    width: float
    height: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xlog: bool = False
    ylog: bool = False

    def x(self, values, coords: str = "data") -> np.ndarray:
        """Pixel x of data values (or of axes fractions, with coords="axes")."""
        v = np.asarray(values, float)
        if coords == "axes":
            return self.left + v * self.width
        return self.left + _fraction(v, self.xlim, self.xlog) * self.width

    def y(self, values, coords: str = "data") -> np.ndarray:
        """Pixel y of data values (or of axes fractions, with coords="axes")."""
        v = np.asarray(values, float)
        if coords == "axes":
            return self.top + (1.0 - v) * self.height
        return self.top + (1.0 - _fraction(v, self.ylim, self.ylog)) * self.height

    def as_dict(self) -> dict:
        return {"box": [self.left, self.top, self.width, self.height],
                "xlim": list(self.xlim), "ylim": list(self.ylim),
                "xlog": self.xlog, "ylog": self.ylog}

    @classmethod
    def from_dict(cls, d: dict) -> Panel:
        left, top, width, height = (float(v) for v in d["box"])
        return cls(left, top, width, height, tuple(map(float, d["xlim"])),
                   tuple(map(float, d["ylim"])), bool(d["xlog"]), bool(d["ylog"]))


def _fraction(v: np.ndarray, lim: tuple[float, float], log: bool) -> np.ndarray:
    lo, hi = lim
    if log:
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.log10(v)
        lo, hi = math.log10(lo), math.log10(hi)
    return (v - lo) / (hi - lo)


@dataclass(frozen=True)
class Frame:
    """The still picture of a live figure: a PNG (base64) and its panels."""

    png: str
    width: int
    height: int
    dpi: float
    panels: dict[str, Panel] = field(default_factory=dict)

    def px(self, points: float) -> float:
        """Points (matplotlib's unit for sizes) to pixels of this frame."""
        return points * self.dpi / 72.0

    def as_dict(self) -> dict:
        return {"png": self.png, "width": self.width, "height": self.height,
                "dpi": self.dpi, "panels": {k: p.as_dict() for k, p in self.panels.items()}}

    @classmethod
    def from_dict(cls, d: dict) -> Frame:
        return cls(str(d["png"]), int(d["width"]), int(d["height"]), float(d["dpi"]),
                   {str(k): Panel.from_dict(p) for k, p in d["panels"].items()})


def _f(v: float) -> str:
    return f"{v:.1f}"


def _points(xs: np.ndarray, ys: np.ndarray) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs.tolist(), ys.tolist()))


def _path(xs: np.ndarray, ys: np.ndarray) -> str:
    """SVG path data through the points; a NaN starts a new piece (as in matplotlib)."""
    ok = np.isfinite(xs) & np.isfinite(ys)
    if ok.all():
        return "M" + _points(xs, ys)
    pieces, start = [], None
    for i, good in enumerate(ok.tolist() + [False]):
        if good and start is None:
            start = i
        elif not good and start is not None:
            pieces.append("M" + _points(xs[start:i], ys[start:i]))
            start = None
    return " ".join(pieces)


def steps_mid(xs, ys) -> tuple[np.ndarray, np.ndarray]:
    """Points of matplotlib's drawstyle "steps-mid": steps half-way between xs."""
    x, y = np.asarray(xs, float), np.asarray(ys, float)
    if len(x) < 2:
        return x, y
    mid = (x[:-1] + x[1:]) / 2
    sx = np.concatenate([[x[0]], np.repeat(mid, 2), [x[-1]]])
    return sx, np.repeat(y, 2)


class Sketch:
    """The moving parts of one update, written as SVG over a :class:`Frame`.

    Every method takes a panel name and coordinates in that panel's data
    (``coords="axes"``: fractions of the panel, 0 to 1; ``"xdata"``: x in data,
    y as a fraction, like ``axvline``). Lines, markers and shapes are clipped
    to their panel, as matplotlib clips them; text is not.
    """

    def __init__(self, frame: Frame):
        self.frame = frame
        self._parts: list[str] = []
        self._defs: dict[str, str] = {}

    # -- coordinates ------------------------------------------------------------
    def _xy(self, panel: str, xs, ys, coords: str):
        p = self.frame.panels[panel]
        return (p.x(xs, "axes" if coords == "axes" else "data"),
                p.y(ys, "data" if coords == "data" else "axes"))

    def _clipped(self, panel: str, element: str, clip: bool) -> None:
        if not clip:
            self._parts.append(element)
            return
        p = self.frame.panels[panel]
        box = f"{_f(p.left)} {_f(p.top)} {_f(p.width)} {_f(p.height)}"
        self._parts.append(f'<svg x="{_f(p.left)}" y="{_f(p.top)}" width="{_f(p.width)}" '
                           f'height="{_f(p.height)}" viewBox="{box}">{element}</svg>')

    def _stroke(self, color: str, lw: float, ls: str = "-", cap: str | None = None) -> str:
        dashes = _DASHES[ls]
        width = self.frame.px(lw)
        attrs = (f'fill="none" stroke="{color}" stroke-width="{_f(width)}" '
                 f'stroke-linejoin="round" stroke-linecap="'
                 f'{cap or ("square" if dashes is None else "butt")}"')
        if dashes:
            attrs += f' stroke-dasharray="{",".join(_f(d * width) for d in dashes)}"'
        return attrs

    # -- parts ------------------------------------------------------------------
    def line(self, panel: str, xs, ys, *, color: str, lw: float = 1.5, ls: str = "-",
             cap: str | None = None, coords: str = "data", clip: bool = True) -> None:
        """A polyline (a NaN breaks it); `cap` "round", "butt" or "square"."""
        px, py = self._xy(panel, xs, ys, coords)
        if len(px) < 2:
            return
        self._clipped(panel, f'<path d="{_path(px, py)}" {self._stroke(color, lw, ls, cap)}/>',
                      clip)

    def vlines(self, panel: str, xs, ymin, ymax, *, color: str, lw: float = 1.5,
               ls: str = "-", cap: str = "butt", clip: bool = True) -> None:
        """Vertical lines at `xs` from `ymin` to `ymax` (each a scalar or one value
        per x), in data units, as one path: like matplotlib's ``vlines``, and
        fast for thousands of bars. Lines with a NaN are left out."""
        p = self.frame.panels[panel]
        px = p.x(np.atleast_1d(xs))
        y0, y1 = (np.broadcast_to(p.y(v), px.shape) for v in (ymin, ymax))
        ok = np.isfinite(px) & np.isfinite(y0) & np.isfinite(y1)
        if not ok.any():
            return
        d = "".join(f"M{x:.1f},{a:.1f}V{b:.1f}" for x, a, b in
                    zip(px[ok].tolist(), y0[ok].tolist(), y1[ok].tolist()))
        self._clipped(panel, f'<path d="{d}" {self._stroke(color, lw, ls, cap)}/>', clip)

    def markers(self, panel: str, xs, ys, *, marker: str = "o", ms: float = 6.0,
                color: str, mfc: str | None = None, mec: str | None = None,
                mew: float = 1.0, coords: str = "data", clip: bool = True) -> None:
        """Markers "o", "s", "D", "^", "v", ">", "<" or "|", `ms` points across."""
        px, py = self._xy(panel, np.atleast_1d(xs), np.atleast_1d(ys), coords)
        s = self.frame.px(ms)
        edge = mec or color
        if marker == "|":
            style = self._stroke(edge, mew, cap="butt")
            d = " ".join(f"M{_f(x)},{_f(y - s / 2)}V{_f(y + s / 2)}"
                         for x, y in zip(px.tolist(), py.tolist())
                         if math.isfinite(x) and math.isfinite(y))
            self._clipped(panel, f'<path d="{d}" {style}/>', clip)
            return
        style = (f'fill="{mfc or color}" stroke="{edge}" '
                 f'stroke-width="{_f(self.frame.px(mew))}"')
        shapes = []
        for x, y in zip(px.tolist(), py.tolist()):
            if not (math.isfinite(x) and math.isfinite(y)):
                continue
            if marker == "o":
                shapes.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(s / 2)}"/>')
            else:
                shapes.append(f'<polygon points="{_points(*_marker(marker, x, y, s))}"/>')
        self._clipped(panel, f'<g {style}>{"".join(shapes)}</g>', clip)

    def polygon(self, panel: str, xs, ys, *, facecolor: str, alpha: float = 1.0,
                edgecolor: str | None = None, lw: float = 1.0, ls: str = "-",
                hatch: str | None = None, coords: str = "data", clip: bool = True) -> None:
        """A closed shape; `hatch` as in matplotlib ("/", "\\\\", "x", repeated
        for density), drawn in the edge colour."""
        px, py = self._xy(panel, xs, ys, coords)
        pts = _points(px, py)
        parts = [f'<polygon points="{pts}" fill="{facecolor}" fill-opacity="{alpha:g}" '
                 'stroke="none"/>']
        if hatch:
            pattern = self._hatch(hatch, edgecolor or "#000000")
            parts.append(f'<polygon points="{pts}" fill="url(#{pattern})" '
                         f'fill-opacity="{alpha:g}" stroke="none"/>')
        if edgecolor and edgecolor != "none" and lw > 0:
            parts.append(f'<polygon points="{pts}" {self._stroke(edgecolor, lw, ls, "butt")}/>')
        self._clipped(panel, "".join(parts), clip)

    def rect(self, panel: str, x: float, y: float, width: float, height: float,
             **style) -> None:
        """A rectangle from (x, y) with the given width and height, in data units."""
        self.polygon(panel, [x, x + width, x + width, x], [y, y, y + height, y + height],
                     **style)

    def text(self, panel: str, x: float, y: float, s: str, *, fontsize: float = 8,
             color: str = "#000000", ha: str = "left", va: str = "baseline",
             coords: str = "data", linespacing: float = 1.2, halo: bool = False) -> None:
        """Text at (x, y) aligned like matplotlib's (ha, va); lines split on \\n.
        `halo` outlines it in white, to read over lines."""
        px, py = self._xy(panel, [x], [y], coords)
        size = self.frame.px(fontsize)
        lines = s.split("\n")
        step = size * linespacing
        block = (len(lines) - 1) * step
        # the middle of the first line, from matplotlib's vertical alignment
        first = float(py[0]) + {"top": 0.6 * size, "bottom": -0.6 * size - block,
                                "center": -block / 2, "center_baseline": -block / 2,
                                "baseline": -0.35 * size}[va]
        anchor = {"left": "start", "center": "middle", "right": "end"}[ha]
        halo_attrs = (' stroke="white" stroke-width="3" stroke-linejoin="round" '
                      'paint-order="stroke"') if halo else ""
        spans = "".join(
            f'<tspan x="{_f(px[0])}" y="{_f(first + k * step)}">{html.escape(line)}</tspan>'
            for k, line in enumerate(lines))
        self._parts.append(f'<text font-size="{_f(size)}" fill="{color}" '
                           f'text-anchor="{anchor}" dominant-baseline="central"'
                           f'{halo_attrs}>{spans}</text>')

    # -- output -----------------------------------------------------------------
    def _hatch(self, hatch: str, color: str) -> str:
        kinds = {c for c in hatch if c in "/\\xX."}
        # matplotlib puts n x 6 lines across an inch, measured along the diagonal,
        # so diagonal lines are 2 inches / (6 n) apart horizontally; dots 1 / (6 n)
        step = self.frame.dpi / (len(hatch) * _HATCH_DENSITY) * (1 if kinds == {"."} else 2)
        names = "".join(sorted({_HATCH_NAMES[c] for c in kinds}))
        key = f"bsld-hatch-{names}-{color.lstrip('#')}-{round(step * 10)}"
        if key in self._defs:
            return key
        s, d = step, []
        a, b, c = _f(s), _f(s - 1), _f(s + 1)      # the tile, and its corners' overlap
        if kinds & {"/", "x", "X"}:
            d.append(f"M0,{a}L{a},0M-1,1L1,-1M{b},{c}L{c},{b}")
        if kinds & {"\\", "x", "X"}:
            d.append(f"M0,0L{a},{a}M-1,{b}L1,{c}M{b},-1L{c},1")
        dots = (f'<circle cx="{_f(s / 2)}" cy="{_f(s / 2)}" r="{_f(s / 8)}" fill="{color}"/>'
                if "." in kinds else "")
        self._defs[key] = (
            f'<pattern id="{key}" patternUnits="userSpaceOnUse" width="{_f(s)}" '
            f'height="{_f(s)}"><path d="{"".join(d)}" stroke="{color}" '
            f'stroke-width="{_f(self.frame.px(1.0))}"/>{dots}</pattern>')
        return key

    def svg(self) -> str:
        """The SVG elements of every part, in the order they were added."""
        defs = f"<defs>{''.join(self._defs.values())}</defs>" if self._defs else ""
        return defs + "".join(self._parts)


def _marker(marker: str, x: float, y: float, s: float):
    h = s / 2
    if marker == "s":
        xs, ys = [x - h, x + h, x + h, x - h], [y - h, y - h, y + h, y + h]
    elif marker == "D":
        r = s / math.sqrt(2)
        xs, ys = [x, x + r, x, x - r], [y - r, y, y + r, y]
    elif marker == "^":
        xs, ys = [x, x + h, x - h], [y - h, y + h, y + h]
    elif marker == "v":
        xs, ys = [x, x + h, x - h], [y + h, y - h, y - h]
    elif marker == ">":
        xs, ys = [x + h, x - h, x - h], [y, y - h, y + h]
    elif marker == "<":
        xs, ys = [x - h, x + h, x + h], [y, y - h, y + h]
    else:
        raise ValueError(f"Unknown marker {marker!r}.")
    return np.array(xs), np.array(ys)


def live_html(frame: Frame, overlay: str, alt: str) -> str:
    """An accessible <figure>: the frame's picture with `alt`, the overlay drawn
    over it at the same scale, and a visible caption."""
    w, h = frame.width, frame.height
    return figure_markup(
        '<div style="position:relative;display:inline-block;max-width:100%;line-height:0">'
        f'<img src="data:image/png;base64,{frame.png}" alt="{html.escape(alt)}" '
        f'width="{w}" height="{h}" style="display:block;max-width:100%;height:auto">'
        f'<svg class="bsld-overlay" viewBox="0 0 {w} {h}" '
        'aria-hidden="true" focusable="false" style="position:absolute;left:0;top:0;'
        f'width:100%;height:100%;overflow:visible" font-family="{FONT}">{overlay}</svg>'
        '</div>', alt)


@dataclass
class LiveFigure:
    """One state of a live figure: its frame, the moving parts (SVG) and its
    text description. Shows like an AccessibleFigure."""

    frame: Frame
    overlay: str
    alt: str

    def to_html(self) -> str:
        return live_html(self.frame, self.overlay, self.alt)

    def layers(self) -> Layers:
        """The still picture (sent once per frame), the overlay and the caption."""
        w, h = self.frame.width, self.frame.height
        picture = (f'<img src="data:image/png;base64,{self.frame.png}" alt="" '
                   f'width="{w}" height="{h}" style="display:block;width:100%;height:auto">')
        overlay = (f'<svg class="bsld-overlay" viewBox="0 0 {w} {h}" aria-hidden="true" '
                   'focusable="false" style="display:block;width:100%;height:auto;'
                   f'overflow:visible" font-family="{FONT}">{self.overlay}</svg>')
        return Layers(f"png-{hash(self.frame.png):x}", w, picture, overlay,
                      caption_html(self.alt))

    def _repr_html_(self) -> str:
        return self.to_html()
