"""The labelled side-view anatomy diagram of lesson 01.

`AnatomyDiagram` draws every structure once. `update()` only restyles the
artists (cheap); a PNG is rendered when the figure is shown. For interactive
use, `html()` returns an SVG version that is rendered once and restyled by a
small stylesheet, so a change of highlight or group costs milliseconds.
"""
from __future__ import annotations

from matplotlib.colors import to_rgba
from matplotlib.patches import Ellipse, Polygon

from ..content.anatomy import Atlas, Structure, atlas
from .anatomy_svg import (_FADED, _FADED_TEXT, _FILL, _HIGHLIGHT_FILL, _LINE, AnatomySvg,
                          _face, _kind, _tint, colour_of, describe, states)
from .base import AccessibleFigure, new_figure
from .palette import PALETTE
from .svg_cache import render_svg

_ZORDER = {"back": 1.0, "bone": 2.0, "front": 3.0}
# Bones overlap in a side view; draw the spine over the hip bone and femur.
_BONE_ORDER = {"pelvis": 0.01, "femur": 0.02, "sacrum": 0.03,
               "lumbar-vertebrae": 0.04, "lumbar-discs": 0.05}
_DPI = 96

class AnatomyDiagram:
    """The diagram, built once; call `update()` to change what stands out."""

    def __init__(self, atl: Atlas | None = None):
        self.atlas = atl or atlas()
        fig = new_figure(6.8, 7.5, dpi=_DPI, layout=None)   # fixed axes
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(*self.atlas.xlim)
        ax.set_ylim(*self.atlas.ylim)
        ax.set_aspect("equal")
        ax.set_axis_off()
        self.figure, self.ax = fig, ax
        self._draw_context()
        self._artists = {s.id: self._draw_structure(s) for s in self.atlas.structures}
        self._state: dict[str, str] = {}
        self.highlight: str | None = None
        self.group: str | None = None
        self.update(None, None)
        self._svg: AnatomySvg | None = None     # rendered on first use

    # -- building ---------------------------------------------------------
    def _patch(self, shape, zorder: float):
        if shape.kind == "ellipse":
            patch = Ellipse(shape.center, shape.width, shape.height, angle=shape.angle)
        else:
            patch = Polygon(shape.points, closed=shape.kind == "polygon")
        patch.set_zorder(zorder)
        self.ax.add_patch(patch)
        return patch

    def _draw_context(self) -> None:
        grey = PALETTE["grey"]
        for shape in self.atlas.context:
            patch = self._patch(shape, 0.5 if shape.kind == "polyline" else 2.0)
            patch.set_facecolor("none" if shape.kind == "polyline"
                                else _tint(grey, 0.10))
            patch.set_edgecolor(to_rgba(grey, 0.7))
            patch.set_linewidth(0.8)
        for mark in self.atlas.context_marks:
            self.ax.text(*mark.at, mark.text, fontsize=7, color=grey, ha="center",
                         va="center", style="italic", zorder=6)
        bottom = self.atlas.ylim[0] + 1.0
        self.ax.text(self.atlas.xlim[0] + 1, bottom, "\u2190 back", fontsize=9,
                     color=grey, va="bottom")
        self.ax.text(self.atlas.xlim[1] - 1, bottom, "front \u2192", fontsize=9,
                     color=grey, va="bottom", ha="right")

    def _line(self, a, b, width: float, zorder: float, gid: str):
        (line,) = self.ax.plot([a[0], b[0]], [a[1], b[1]], linewidth=width,
                               color=PALETTE["black"], zorder=zorder)
        line.set_gid(gid)
        return line

    def _draw_structure(self, s: Structure) -> dict:
        z = _ZORDER[s.layer] + _BONE_ORDER.get(s.id, 0.0)
        patches = []
        for n, shape in enumerate(s.shapes):
            patch = self._patch(shape, z)
            patch.set_gid(f"a-{s.id}-p{n}")
            patches.append((patch, shape))
        # Straight Line2D leaders: much faster to draw than annotation arrows.
        leader = self._line(s.label.at, s.label.anchor, 0.7, 6.5, f"a-{s.id}-leader")
        label = self.ax.text(
            *s.label.at, s.label.text, fontsize=8.5, va="center", zorder=7,
            ha="right" if s.label.at[0] < 0 else "left", linespacing=1.1,
            bbox=dict(boxstyle="square,pad=0.15", facecolor="white", linewidth=0))
        label.set_gid(f"a-{s.id}-label")
        marks = []
        for n, m in enumerate(s.marks):
            gid = f"a-{s.id}-m{n}"
            if m.anchor is not None:
                self._line(m.at, m.anchor, 0.5, 5.9, gid + "-leader")
            text = self.ax.text(*m.at, m.text, fontsize=7, ha="center", va="center",
                                zorder=6, style="normal" if m.anchor is None
                                else "italic",
                                bbox=None if m.anchor is None else dict(
                                    boxstyle="square,pad=0.1", facecolor="white",
                                    linewidth=0))
            text.set_gid(gid)
            marks.append(text)
        return {"patches": patches, "label": label, "leader": leader, "marks": marks,
                "z": z}

    # -- styling the artists (used for the PNG) -----------------------------
    def _style(self, s: Structure, state: str) -> None:
        art = self._artists[s.id]
        on = state == "highlight"
        kind = _kind(s)
        strength = _HIGHLIGHT_FILL[kind] if on else _FILL[kind]
        alpha = _FADED if state == "faded" else 1.0
        edge = (PALETTE["black"] if on else
                PALETTE["grey"] if kind == "bone" else colour_of(s))
        for patch, shape in art["patches"]:
            if shape.kind == "polyline":
                patch.set_facecolor("none")
                patch.set_edgecolor(to_rgba(PALETTE["black"] if on else colour_of(s),
                                            alpha))
                patch.set_linewidth(_LINE["polyline_hl" if on else "polyline"])
                continue
            if not shape.fill:
                patch.set_facecolor("none")
            elif state == "faded":
                patch.set_facecolor(_face(s, strength * shape.tone * _FADED))
            else:
                patch.set_facecolor(_face(s, strength * shape.tone))
            patch.set_edgecolor(to_rgba(edge, alpha))
            patch.set_linewidth(_LINE["highlight" if on else "normal"])
            patch.set_hatch("///" if on and shape.fill else None)
            # Muscles come forward when highlighted; bones keep their overlap order.
            patch.set_zorder(art["z"] + (0.5 if on and kind != "bone" else 0.0))
        label = art["label"]
        label.set_fontweight("bold" if on else "normal")
        label.set_fontsize(9.5 if on else 8.5)
        label.set_alpha(max(alpha, _FADED_TEXT))
        label.get_bbox_patch().set_linewidth(1.4 if on else 0)
        label.get_bbox_patch().set_edgecolor(PALETTE["black"])
        art["leader"].set_linewidth(1.6 if on else 0.7)
        art["leader"].set_alpha(max(alpha, _FADED_TEXT))
        for mark in art["marks"]:
            mark.set_alpha(max(alpha, _FADED_TEXT))
            mark.set_fontweight("bold" if on else "normal")

    def update(self, highlight: str | None = None,
               group: str | None = None) -> AccessibleFigure:
        """Restyle for a highlighted structure id and a group filter
        (None or 'all' shows every group)."""
        shown = states(self.atlas, highlight, group)
        for s in self.atlas.structures:
            if self._state.get(s.id) != shown[s.id]:
                self._style(s, shown[s.id])
                self._state[s.id] = shown[s.id]
        self.highlight, self.group = highlight, group
        return self.accessible()

    def accessible(self) -> AccessibleFigure:
        """The current state as a (PNG-rendering) AccessibleFigure."""
        return AccessibleFigure(self.figure,
                                describe(self.atlas, self.highlight, self.group))

    # -- the fast SVG path (used by the explorer widget) --------------------
    def plain_svg(self) -> str:
        """The plain (nothing highlighted) diagram as SVG text."""
        saved = (self.highlight, self.group)
        self.update(None, None)
        text = render_svg(self.figure)
        self.update(*saved)
        return text

    def svg(self) -> str:
        """The diagram in its current state as SVG (the plain SVG restyled)."""
        return self._svg_view().update(self.highlight, self.group).svg()

    def html(self) -> str:
        """An accessible <figure> with the SVG image, alt text and caption."""
        return self._svg_view().update(self.highlight, self.group).html()

    def _css(self) -> str:
        return self._svg_view().update(self.highlight, self.group)._css()

    def _svg_view(self) -> AnatomySvg:
        if self._svg is None:
            self._svg = AnatomySvg(self.atlas, self.plain_svg())
        return self._svg


def anatomy_figure(highlight: str | None = None,
                   group: str | None = None) -> AccessibleFigure:
    """The labelled side-view diagram, optionally with one structure highlighted
    and only one group (e.g. 'trunk muscles') shown at full strength."""
    return AnatomyDiagram().update(highlight, group)
