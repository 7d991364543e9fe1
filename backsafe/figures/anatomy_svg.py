"""The anatomy diagram of lesson 01 as SVG, restyled without matplotlib.

The plain diagram (nothing highlighted) is drawn once by `AnatomyDiagram`
(backsafe/figures/anatomy.py) and kept in the figure cache; a change of highlight
or group only rewrites a small stylesheet inside the SVG, so the explorer never
loads matplotlib once the cache is filled. This module must not import
matplotlib.
"""
from __future__ import annotations

import re

from ..content.anatomy import FILE, Atlas, Structure, atlas
from .markup import Layers, caption_html
from .svg_cache import cache_key, cached_svg, svg_html

PALETTE_HEX = {"black": "#000000", "orange": "#E69F00", "sky": "#56B4E9",
               "green": "#009E73", "yellow": "#F0E442", "blue": "#0072B2",
               "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#6B6B6B"}

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
_GROUP_DEFAULT = {"bones and discs": "grey", "trunk muscles": "orange",
                  "hip and leg muscles": "blue"}
_FILL = {"bone": 0.16, "disc": 0.45, "muscle": 0.45}    # normal fill strength
_HIGHLIGHT_FILL = {"bone": 0.5, "disc": 0.75, "muscle": 0.75}
_FADED = 0.25            # strength of faded structures, relative to normal
_FADED_TEXT = 0.55       # black at this opacity on white is #737373: 4.7:1 contrast
_LINE = {"normal": 0.8, "highlight": 2.4, "polyline": 1.3, "polyline_hl": 3.2}


def colour_of(structure: Structure) -> str:
    """The palette colour (hex) used for a structure."""
    return PALETTE_HEX[COLOURS.get(structure.id, _GROUP_DEFAULT[structure.group])]


def _kind(s: Structure) -> str:
    return "disc" if s.id == "lumbar-discs" else ("bone" if s.layer == "bone"
                                                  else "muscle")


def _rgb(colour: str) -> tuple[float, float, float]:
    """'#RRGGBB' as three floats from 0 to 1."""
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


def _tint(colour: str, strength: float) -> tuple:
    """An opaque colour: `colour` mixed into white with the given strength."""
    r, g, b = _rgb(colour)
    return (1 - strength + strength * r, 1 - strength + strength * g,
            1 - strength + strength * b, 1.0)


def _face(s: Structure, strength: float) -> tuple:
    """Fill colour: bones are opaque tints (they hide muscles behind them)."""
    if _kind(s) == "bone":
        return _tint(colour_of(s), strength)
    return (*_rgb(colour_of(s)), strength)


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



def states(atl: Atlas, highlight: str | None, group: str | None) -> dict[str, str]:
    """'highlight', 'normal' or 'faded' for every structure (UnknownName for a
    misspelt structure or group)."""
    if highlight is not None:
        atl.structure(highlight)
    members = {s.id for s in atl.in_group(group)}
    return {s.id: ("highlight" if s.id == highlight else
                   "normal" if s.id in members else "faded")
            for s in atl.structures}


class AnatomySvg:
    """The diagram as SVG text in a given state (highlighted structure, group)."""

    def __init__(self, atl: Atlas | None = None, plain: str | None = None):
        self.atlas = atl or atlas()
        if plain is None:
            plain = cached_svg("anatomy", cache_key(
                (FILE,), ("backsafe.figures.anatomy", "backsafe.figures.anatomy_svg",
                          "backsafe.figures.base", "backsafe.figures.svg_cache")),
                lambda: _draw_plain(self.atlas))
        end = plain.index(">", plain.index("<svg")) + 1
        self._head, self._tail = plain[:end], plain[end:]
        self.highlight: str | None = None
        self.group: str | None = None

    def update(self, highlight: str | None = None,
               group: str | None = None) -> AnatomySvg:
        states(self.atlas, highlight, group)            # checks the names
        self.highlight, self.group = highlight, group
        return self

    def _css(self) -> str:
        """Stylesheet that turns the plain SVG into the current state."""
        shown = states(self.atlas, self.highlight, self.group)
        rules = []
        for s in self.atlas.structures:
            if shown[s.id] == "faded":
                shapes = [f"#a-{s.id}-p{n}" for n in range(len(s.shapes))]
                texts = [f"#a-{s.id}-label", f"#a-{s.id}-leader"]
                texts += [f"#a-{s.id}-m{n}" for n in range(len(s.marks))]
                texts += [f"#a-{s.id}-m{n}-leader" for n, m in enumerate(s.marks)
                          if m.anchor]
                rules.append(",".join(shapes) + f"{{opacity:{_FADED}}}")
                rules.append(",".join(texts) + f"{{opacity:{_FADED_TEXT}}}")
            if shown[s.id] != "highlight":
                continue
            for n, shape in enumerate(s.shapes):
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
        fill = "#" + "".join(f"{round(v * 255):02x}" for v in (r, g, b))
        return ('<defs><pattern id="bsld-hatch" patternUnits="userSpaceOnUse" '
                'width="5" height="5" patternTransform="rotate(45)">'
                f'<rect width="5" height="5" fill="{fill}" fill-opacity="{a:.2f}"/>'
                '<line x1="0" y1="0" x2="0" y2="5" stroke="#000" stroke-width="1"/>'
                '</pattern></defs>')

    def svg(self) -> str:
        """The diagram in its current state as SVG text (no re-rendering)."""
        return f"{self._head}{self._defs()}<style>{self._css()}</style>{self._tail}"

    def layers(self) -> Layers:
        """The plain diagram inline (sent once); as the overlay only the small
        stylesheet and hatch pattern that give it its current state."""
        head = self._head[self._head.index("<svg"):]
        width = round(float(re.search(r'width="([\d.]+)pt"', head).group(1)) * 4 / 3)
        head = head.replace("<svg ", '<svg class="bsld-anatomy-svg" aria-hidden="true" '
                            'focusable="false" style="display:block;width:100%;height:auto" ',
                            1)
        # Inline, matplotlib's own stylesheet must not reach other pictures.
        tail = self._tail.replace("*{", ".bsld-anatomy-svg *{", 1)
        overlay = f"<style>{_scoped(self._css(), '.bsld-anatomy-svg')}</style>"
        if self.highlight:
            overlay += (f'<svg width="0" height="0" aria-hidden="true" '
                        f'style="position:absolute">{self._defs()}</svg>')
        caption = caption_html(describe(self.atlas, self.highlight, self.group, short=True),
                               "Labelled structures: " + "; ".join(
                                   s.label.text.replace("\n", " ")
                                   for s in self.atlas.structures) + ".")
        return Layers(f"anatomy-{hash(head):x}", width, head + tail,
                      f'<div style="height:0;overflow:hidden">{overlay}</div>', caption)

    def html(self) -> str:
        """An accessible <figure> with the SVG image, alt text and caption."""
        return svg_html(self.svg(), describe(self.atlas, self.highlight, self.group),
                        describe(self.atlas, self.highlight, self.group, short=True))


def _scoped(css: str, scope: str) -> str:
    """Prefix every selector of every rule in `css` with `scope`."""
    rules = []
    for rule in filter(None, css.split("}")):
        selectors, _, body = rule.partition("{")
        rules.append(",".join(f"{scope} {sel}" for sel in selectors.split(",")) + "{" + body
                     + "}")
    return "".join(rules)


def _draw_plain(atl: Atlas) -> str:
    from .anatomy import AnatomyDiagram

    return AnatomyDiagram(atl).plain_svg()
