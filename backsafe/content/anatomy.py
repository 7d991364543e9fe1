"""The anatomy atlas (anatomy.yaml): structures, their descriptions and the
schematic side-view geometry used by the lesson 01 diagram."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import (ContentError, UnknownName, check_slug, choice, field, load_yaml,
                     parse_yaml)

FILE = "anatomy.yaml"
GROUPS = ("bones and discs", "trunk muscles", "hip and leg muscles")
LAYERS = ("back", "bone", "front")   # drawing order: behind bones, bones, in front
KINDS = ("polygon", "polyline", "ellipse")
TEXTS = ("what", "does", "lifting", "back_pain")

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    """One drawable piece: a polygon, an open polyline or an ellipse."""
    kind: str
    points: tuple[Point, ...] = ()
    center: Point | None = None
    width: float = 0.0
    height: float = 0.0
    angle: float = 0.0
    fill: bool = True
    tone: float = 1.0   # multiplies the fill strength (1 = full)


@dataclass(frozen=True)
class Label:
    text: str
    anchor: Point      # the point on the structure the leader line touches
    at: Point          # where the label text sits


@dataclass(frozen=True)
class Mark:
    """A small secondary label, e.g. 'L3' or 'lesser trochanter', with an
    optional leader line to `anchor`."""
    text: str
    at: Point
    anchor: Point | None = None


@dataclass(frozen=True)
class Structure:
    id: str
    name: str
    group: str
    what: str
    does: str
    lifting: str
    back_pain: str
    layer: str
    shapes: tuple[Shape, ...]
    label: Label
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Atlas:
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    note: str
    context: tuple[Shape, ...]
    context_marks: tuple[Mark, ...]
    structures: tuple[Structure, ...]

    def structure(self, sid: str) -> Structure:
        for s in self.structures:
            if s.id == sid:
                return s
        known = ", ".join(s.id for s in self.structures)
        raise UnknownName(f"There is no structure '{sid}'. Structures: {known}.")

    def in_group(self, group: str | None) -> tuple[Structure, ...]:
        """Structures of one group, or all of them for None or 'all'."""
        if group in (None, "all"):
            return self.structures
        if group not in GROUPS:
            raise UnknownName(f"Unknown group '{group}'. Groups: all, {', '.join(GROUPS)}.")
        return tuple(s for s in self.structures if s.group == group)


def _point(value, file: str, item: str | None, where: str) -> Point:
    ok = (isinstance(value, (list, tuple)) and len(value) == 2
          and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value))
    if not ok:
        raise ContentError(file, f"a point must be [x, y] numbers, not {value!r}", item, where)
    return (float(value[0]), float(value[1]))


def _shape(raw, file: str, item: str | None, where: str) -> Shape:
    if not isinstance(raw, dict):
        raise ContentError(file, "each shape must be a mapping", item, where)
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ContentError(file, f"unknown shape kind {kind!r}; use one of "
                           f"{', '.join(KINDS)}", item, f"{where}.kind")
    fill = raw.get("fill", kind != "polyline")
    if not isinstance(fill, bool):
        raise ContentError(file, "should be true or false", item, f"{where}.fill")
    tone = raw.get("tone", 1.0)
    if (not isinstance(tone, (int, float)) or isinstance(tone, bool)
            or not 0 < tone <= 1):
        raise ContentError(file, "must be a number above 0 and at most 1", item,
                           f"{where}.tone")
    if kind == "ellipse":
        center = _point(raw.get("center"), file, item, f"{where}.center")
        size = {}
        for name in ("width", "height"):
            value = raw.get(name)
            if (not isinstance(value, (int, float)) or isinstance(value, bool)
                    or value <= 0):
                raise ContentError(file, "must be a positive number", item,
                                   f"{where}.{name}")
            size[name] = float(value)
        angle = raw.get("angle", 0)
        if not isinstance(angle, (int, float)) or isinstance(angle, bool):
            raise ContentError(file, "must be a number (degrees)", item, f"{where}.angle")
        return Shape(kind, center=center, angle=float(angle), fill=fill,
                     tone=float(tone), **size)
    points = raw.get("points")
    minimum = 3 if kind == "polygon" else 2
    if not isinstance(points, list) or len(points) < minimum:
        raise ContentError(file, f"a {kind} needs at least {minimum} points", item,
                           f"{where}.points")
    pts = tuple(_point(p, file, item, f"{where}.points[{n}]")
                for n, p in enumerate(points, 1))
    return Shape(kind, points=pts, fill=fill, tone=float(tone))


def _shapes(raw, file: str, item: str | None, name: str) -> tuple[Shape, ...]:
    if not isinstance(raw, list) or not raw:
        raise ContentError(file, "needs a list of at least one shape", item, name)
    return tuple(_shape(s, file, item, f"{name}[{n}]") for n, s in enumerate(raw, 1))


def _marks(raw, file: str, item: str | None, name: str) -> tuple[Mark, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ContentError(file, "should be a list", item, name)
    marks = []
    for n, m in enumerate(raw, 1):
        where = f"{name}[{n}]"
        text = field(m, "text", str, file, item) if isinstance(m, dict) else None
        if text is None:
            raise ContentError(file, "each mark needs text and at", item, where)
        anchor = m.get("anchor")
        marks.append(Mark(text, _point(m.get("at"), file, item, f"{where}.at"),
                          None if anchor is None
                          else _point(anchor, file, item, f"{where}.anchor")))
    return tuple(marks)


def _structure(item, file: str) -> Structure:
    sid = item.get("id") if isinstance(item, dict) else None
    sid = field(item, "id", str, file, sid if isinstance(sid, str) else None)
    check_slug(sid, file, sid)
    group = choice(item, "group", GROUPS, file, sid)
    layer = choice(item, "layer", LAYERS, file, sid)
    raw_label = field(item, "label", dict, file, sid)
    label = Label(
        text=field(raw_label, "text", str, file, sid),
        anchor=_point(raw_label.get("anchor"), file, sid, "label.anchor"),
        at=_point(raw_label.get("at"), file, sid, "label.at"),
    )
    texts = {name: field(item, name, str, file, sid) for name in TEXTS}
    return Structure(
        id=sid, name=field(item, "name", str, file, sid), group=group, layer=layer,
        shapes=_shapes(item.get("shapes"), file, sid, "shapes"), label=label,
        marks=_marks(item.get("marks"), file, sid, "marks"), **texts,
    )


def parse_atlas(data, file: str = FILE) -> Atlas:
    """Validate the parsed YAML of an atlas; any problem is a ContentError."""
    view = field(data, "view", dict, file, None)
    lims = {}
    for name in ("xlim", "ylim"):
        value = field(view, name, list, file, "view")
        a, b = _point(value, file, "view", name)
        if a >= b:
            raise ContentError(file, "the first number must be the smaller", "view", name)
        lims[name] = (a, b)
    items = field(data, "structures", list, file, None)
    if not items:
        raise ContentError(file, "there are no structures", None, "structures")
    structures, seen = [], set()
    for item in items:
        s = _structure(item, file)
        if s.id in seen:
            raise ContentError(file, "this structure id is used twice", s.id, "id")
        seen.add(s.id)
        structures.append(s)
    return Atlas(
        note=field(data, "note", str, file, None),
        context=_shapes(data.get("context"), file, "context", "shapes")
        if data.get("context") is not None else (),
        context_marks=_marks(data.get("context_marks"), file, None, "context_marks"),
        structures=tuple(structures), **lims,
    )


def parse_atlas_bytes(raw: bytes, file: str = FILE) -> Atlas:
    return parse_atlas(parse_yaml(raw, file), file)


@lru_cache(maxsize=1)
def atlas() -> Atlas:
    """The lesson's anatomy atlas, loaded once and validated."""
    return parse_atlas(load_yaml(FILE))
