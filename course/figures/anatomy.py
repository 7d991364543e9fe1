"""The labelled side-view anatomy diagram of lesson 01.

`AnatomyDiagram` draws every structure once. `update()` only restyles the
artists (cheap); a PNG is rendered when the figure is shown. For interactive
use, `html()` returns an SVG version that is rendered once and restyled by a
small stylesheet, so a change of highlight or group costs milliseconds.
"""
from __future__ import annotations

import base64
import html as html_lib
import io
import re

from matplotlib.colors import to_hex, to_rgba
from matplotlib.patches import Ellipse, Polygon

from ..content.anatomy import Atlas, Structure, atlas
from .base import PALETTE, AccessibleFigure, new_figure

# Colour of each structure (Okabe-Ito); neighbours get different hues.
COLOURS = {
    "lumbar-vertebrae": "grey", "lumbar-discs": "sky", "sacrum": "grey",
    "pelvis": "grey", "femur": "grey",
    "erector-spinae": "vermillion", "multifidus": "orange",
    "quadratus-lumborum": "yellow", "thoracolumbar-fascia": "black",
    "abdominal-wall": "green", "iliopsoas": "purple",
    "gluteus-maximus": "blue", "hamstrings": "sky", "quadriceps": "vermillion",
    "adductors": "orange",
}
_GROUP_DEFAULT = {"bones and discs": "grey", "back muscles": "orange",
                  "hip and leg muscles": "blue"}
_ZORDER = {"back": 1.0, "bone": 2.0, "front": 3.0}
# Bones overlap in a side view; draw the spine over the hip bone and femur.
_BONE_ORDER = {"pelvis": 0.01, "femur": 0.02, "sacrum": 0.03,
               "lumbar-vertebrae": 0.04, "lumbar-discs": 0.05}
_FILL = {"bone": 0.16, "disc": 0.45, "muscle": 0.45}    # normal fill strength
_HIGHLIGHT_FILL = {"bone": 0.5, "disc": 0.75, "muscle": 0.75}
_FADED = 0.25            # strength of faded structures, relative to normal
_FADED_TEXT = 0.55       # black at this opacity on white is #737373: 4.7:1 contrast
_LINE = {"normal": 0.8, "highlight": 2.4, "polyline": 1.3, "polyline_hl": 3.2}
_DPI = 96
_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "bsld-anatomy"}


def colour_of(structure: Structure) -> str:
    """The palette colour (hex) used for a structure."""
    return PALETTE[COLOURS.get(structure.id, _GROUP_DEFAULT[structure.group])]


def _kind(s: Structure) -> str:
    return "disc" if s.id == "lumbar-discs" else ("bone" if s.layer == "bone"
                                                  else "muscle")


def _tint(colour: str, strength: float) -> tuple:
    """An opaque colour: `colour` mixed into white with the given strength."""
    r, g, b, _ = to_rgba(colour)
    return (1 - strength + strength * r, 1 - strength + strength * g,
            1 - strength + strength * b, 1.0)


def _face(s: Structure, strength: float) -> tuple:
    """Fill colour: bones are opaque tints (they hide muscles behind them)."""
    if _kind(s) == "bone":
        return _tint(colour_of(s), strength)
    return to_rgba(colour_of(s), strength)


def _plain(text: str) -> str:
    return re.sub(r"\s*\[@[a-z0-9_-]+\]", "", text).replace("**", "").replace("*", "")


def _first_sentence(text: str) -> str:
    plain = _plain(text)
    match = re.match(r"(.+?[.!?])(\s|$)", plain)
    return match.group(1) if match else plain


def describe(atl: Atlas, highlight: str | None = None, group: str | None = None,
             *, short: bool = False) -> str:
    """Alt text: what the diagram shows, which group is shown, what is
    highlighted. `short` leaves out the list of labels (for a caption)."""
    names = "; ".join(s.label.text.replace("\n", " ") for s in atl.structures)
    parts = [
        "Schematic side view of the lower back, pelvis and thigh of a person "
        "standing upright, seen from their right side with the front of the body "
        "to the right. The lumbar spine curves gently forward (lordosis) above "
        "the sacrum." + ("" if short else f" Labelled structures: {names}."),
        atl.note,
    ]
    if group not in (None, "all"):
        parts.append(f"Showing the group '{group}'; other structures are faded.")
    if highlight is not None:
        s = atl.structure(highlight)
        parts.append(f"Highlighted with a thick outline, hatching and a bold label: "
                     f"{s.name}. {_first_sentence(s.what)}")
    return " ".join(parts)


class AnatomyDiagram:
    """The diagram, built once; call `update()` to change what stands out."""

    def __init__(self, atl: Atlas | None = None):
        self.atlas = atl or atlas()
        fig = new_figure(6.8, 7.5, dpi=_DPI)
        fig.set_layout_engine(None)     # fixed axes: no layout pass on each draw
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
        self._svg: tuple[str, str] | None = None     # rendered on first use

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

    def _states(self, highlight: str | None, group: str | None) -> dict[str, str]:
        if highlight is not None:
            self.atlas.structure(highlight)          # KeyError if unknown
        members = {s.id for s in self.atlas.in_group(group)}
        return {s.id: ("highlight" if s.id == highlight else
                       "normal" if s.id in members else "faded")
                for s in self.atlas.structures}

    def update(self, highlight: str | None = None,
               group: str | None = None) -> AccessibleFigure:
        """Restyle for a highlighted structure id and a group filter
        (None or 'all' shows every group)."""
        states = self._states(highlight, group)
        for s in self.atlas.structures:
            if self._state.get(s.id) != states[s.id]:
                self._style(s, states[s.id])
                self._state[s.id] = states[s.id]
        self.highlight, self.group = highlight, group
        return self.accessible()

    def accessible(self) -> AccessibleFigure:
        """The current state as a (PNG-rendering) AccessibleFigure."""
        return AccessibleFigure(self.figure,
                                describe(self.atlas, self.highlight, self.group))

    # -- the fast SVG path (used by the explorer widget) --------------------
    def _render_svg(self) -> tuple[str, str]:
        """Render the plain (nothing highlighted) diagram to SVG once."""
        import matplotlib

        saved = (self.highlight, self.group)
        self.update(None, None)
        buf = io.StringIO()
        with matplotlib.rc_context(_SVG_RC):
            self.figure.savefig(buf, format="svg")
        self.update(*saved)
        text = buf.getvalue()
        end = text.index(">", text.index("<svg")) + 1
        return text[:end], text[end:]

    def _css(self) -> str:
        """Stylesheet that turns the plain SVG into the current state."""
        states = self._states(self.highlight, self.group)
        rules = []
        for s in self.atlas.structures:
            art = self._artists[s.id]
            if states[s.id] == "faded":
                shapes = [f"#a-{s.id}-p{n}" for n in range(len(s.shapes))]
                texts = [f"#a-{s.id}-label", f"#a-{s.id}-leader"]
                texts += [f"#a-{s.id}-m{n}" for n in range(len(s.marks))]
                texts += [f"#a-{s.id}-m{n}-leader" for n, m in enumerate(s.marks)
                          if m.anchor]
                rules.append(",".join(shapes) + f"{{opacity:{_FADED}}}")
                rules.append(",".join(texts) + f"{{opacity:{_FADED_TEXT}}}")
            if states[s.id] != "highlight":
                continue
            for n, (_, shape) in enumerate(art["patches"]):
                sel = f"#a-{s.id}-p{n} path"
                width = _LINE["polyline_hl" if shape.kind == "polyline" else "highlight"]
                rule = (f"stroke:#000!important;stroke-opacity:1!important;"
                        f"stroke-width:{width}px!important")
                if shape.fill and shape.kind != "polyline":
                    rule += ";fill:url(#bsld-hatch)!important;fill-opacity:1!important"
                rules.append(f"{sel}{{{rule}}}")
            # Bold and underlined: the box around the label was sized for the
            # regular weight, so the SVG marks the label without a border.
            rules.append(f"#a-{s.id}-label text{{font-weight:bold!important;"
                         f"text-decoration:underline!important}}")
            rules.append(f"#a-{s.id}-leader path{{stroke-width:1.6px!important}}")
            rules.append(",".join(f"#a-{s.id}-m{n} text" for n in range(len(s.marks)))
                         + "{font-weight:bold!important}" if s.marks else "")
        return "".join(rules)

    def _defs(self) -> str:
        if self.highlight is None:
            return ""
        s = self.atlas.structure(self.highlight)
        kind = _kind(s)
        r, g, b, a = _face(s, _HIGHLIGHT_FILL[kind])
        fill = to_hex((r, g, b))
        return ('<defs><pattern id="bsld-hatch" patternUnits="userSpaceOnUse" '
                'width="5" height="5" patternTransform="rotate(45)">'
                f'<rect width="5" height="5" fill="{fill}" fill-opacity="{a:.2f}"/>'
                '<line x1="0" y1="0" x2="0" y2="5" stroke="#000" stroke-width="1"/>'
                '</pattern></defs>')

    def svg(self) -> str:
        """The diagram in its current state as SVG text (no re-rendering)."""
        if self._svg is None:
            self._svg = self._render_svg()
        head, tail = self._svg
        return f"{head}{self._defs()}<style>{self._css()}</style>{tail}"

    def html(self) -> str:
        """An accessible <figure> with the SVG image, alt text and caption."""
        data = base64.b64encode(self.svg().encode("utf-8")).decode("ascii")
        alt = html_lib.escape(describe(self.atlas, self.highlight, self.group))
        caption = html_lib.escape(describe(self.atlas, self.highlight, self.group,
                                           short=True))
        return (
            '<figure class="bsld-fig" style="margin:0">'
            f'<img src="data:image/svg+xml;base64,{data}" alt="{alt}" '
            'style="max-width:100%;height:auto">'
            f'<figcaption style="font-size:0.9em;color:#333">{caption}</figcaption>'
            "</figure>"
        )


def anatomy_figure(highlight: str | None = None,
                   group: str | None = None) -> AccessibleFigure:
    """The labelled side-view diagram, optionally with one structure highlighted
    and only one group (e.g. 'back muscles') shown at full strength."""
    return AnatomyDiagram().update(highlight, group)
