"""Small building blocks shared by every widget."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

if TYPE_CHECKING:  # importing it for real would load matplotlib in every lesson
    from ..figures.base import AccessibleFigure

_KIND_STYLE = {
    "info": "border-left:4px solid #0072B2;background:#eef6fb",
    "ok": "border-left:4px solid #009E73;background:#eaf7f2",
    "warn": "border-left:4px solid #E69F00;background:#fdf5e6",
    "error": "border-left:4px solid #D55E00;background:#fcece3",
}


def message_html(text: str, kind: str = "info", *, markup: bool = False) -> str:
    """One boxed message; `text` is escaped unless `markup` is True."""
    body = text if markup else html.escape(text)
    return (
        f'<div role="status" style="{_KIND_STYLE[kind]};padding:6px 10px;'
        f'margin:4px 0;color:#111">{body}</div>'
    )


_SHARED: dict[tuple, widgets.Widget] = {}


def _shared(model_class, traits: dict) -> widgets.Widget:
    key = (model_class, tuple(sorted(traits.items())))
    model = _SHARED.get(key)
    if model is None or model.comm is None:       # never made, or closed since
        model = _SHARED[key] = model_class(**traits)
    return model


def shared_layout(**traits) -> widgets.Layout:
    """One Layout per set of traits, shared by every widget that asks for it.
    Never change a shared Layout; a widget whose layout changes needs its own."""
    return _shared(widgets.Layout, traits)


def lean(widget_class, *args, classes=(), layout=None, style=None, **kwargs):
    """`widget_class(*args, **kwargs)` with its CSS `classes`, and a shared Layout
    and Style (dicts of traits, default: none; a Layout instance is the widget's
    own). Each Layout and Style is a model the page must open (a checkbox would
    be three models), and each class added after construction is one more
    message: lesson 00 built this way sends 135 widget messages, not 326."""
    if classes:
        kwargs["_dom_classes"] = tuple(classes)
    kwargs["layout"] = (layout if isinstance(layout, widgets.Layout)
                        else shared_layout(**(layout or {})))
    trait = widget_class.class_traits().get("style")
    if trait is not None:
        kwargs["style"] = _shared(trait.klass, style or {})
    return widget_class(*args, **kwargs)


AUTO = {"width": "auto"}
CONTROL = ("bsld-control",)      # the class of every explorer input (lean(..., classes=CONTROL))


class Panel(widgets.VBox):
    """A lesson's widget as a cell shows it: a VBox whose plain text (what a
    notebook viewer without widgets shows) is one line saying so. Jupyter builds
    that text every time a widget is shown; a VBox would spell out each of its
    parts, thousands of characters for a quiz, and then keep 110."""

    def __repr__(self) -> str:
        return "VBox(...): a course widget; run the notebook in JupyterLab to use it"


class FigurePane(widgets.VBox):
    """Shows figures (class bsld-figure). A figure that can be split into layers
    (a live figure's still picture, the overlay of what moves, the caption) has
    its picture sent to the page only when it changes: a slider move sends the
    overlay and caption alone. Other figures are sent whole."""

    def __init__(self, **kwargs):
        fill = {"grid_area": "fig", "width": "100%", "margin": "0"}
        self._picture = lean(widgets.HTML, layout=fill)
        self._overlay = lean(widgets.HTML, layout=fill)
        # The stack's own Layout: its width follows the picture.
        self._stack = widgets.GridBox([self._picture, self._overlay], layout=widgets.Layout(
            grid_template_areas='"fig"', grid_template_columns="100%", max_width="100%"))
        self._caption = lean(widgets.HTML)
        self._key: str | None = None
        kwargs.setdefault("layout", shared_layout())
        kwargs["_dom_classes"] = ("bsld-figure", *kwargs.get("_dom_classes", ()))
        super().__init__([self._stack, self._caption], **kwargs)

    def show(self, fig) -> None:
        layers = getattr(fig, "layers", None)
        if layers is None:                                  # sent whole
            self._key = None
            self._stack.layout.width = None
            self._picture.value, self._overlay.value, self._caption.value = (
                fig.to_html(), "", "")
            return
        parts = layers()
        if parts.key != self._key:
            self._stack.layout.width = f"{parts.width}px"
            self._picture.value = parts.picture
            self._key = parts.key
        self._overlay.value = parts.overlay
        self._caption.value = parts.caption

    @property
    def value(self) -> str:
        """Everything the pane shows, as HTML text."""
        return self._picture.value + self._overlay.value + self._caption.value

    @value.setter
    def value(self, markup: str) -> None:
        """Show HTML text as it is (an empty string clears the pane)."""
        self._key = None
        self._stack.layout.width = None
        self._picture.value, self._overlay.value, self._caption.value = markup, "", ""


def figure_pane(*classes: str) -> FigurePane:
    """An empty pane that shows figures (class bsld-figure, plus `classes`)."""
    return FigurePane(_dom_classes=classes)


def show(pane: FigurePane, fig: AccessibleFigure) -> None:
    """Put a figure (picture, text description and caption) into a pane."""
    pane.show(fig)


def live_region(markup: str) -> str:
    """Wrap an explorer's readout so screen readers announce what changed."""
    return f'<div role="status" aria-live="polite">{markup}</div>'


def readout_table(rows, *, strong: bool = True, top: bool = False) -> str:
    """An explorer's numbers as a two-column HTML table of (label, value) text,
    escaped; values bold unless `strong` is False, cells top-aligned with `top`."""
    pad = "padding:1px 8px 1px 0" + (";vertical-align:top" if top else "")
    cells = "".join(
        f"<tr><td style='{pad}'>{html.escape(label)}</td><td>"
        + (f"<strong>{html.escape(value)}</strong>" if strong else html.escape(value))
        + "</td></tr>" for label, value in rows)
    return f"<table style='font-size:0.95em'>{cells}</table>"


def label_style() -> dict:
    """Style that lets a control's description take the width it needs (pass
    it as `style=` to `lean` to share it)."""
    return {"description_width": "initial"}


# Long prompts and option labels wrap instead of being cut off with an ellipsis;
# a question that is one control (`question_control`) shows its prompt above it.
# A widget that shows such questions puts this in one of its HTML values.
QUESTION_CSS = (
    "<style>.bsld-answer label, .bsld-answer .widget-label-basic, "
    ".bsld-answer .widget-label, .bsld-question > .widget-label {white-space: normal "
    "!important; overflow: visible !important; height: auto !important} "
    ".bsld-question.widget-inline-hbox {flex-direction: column; align-items: flex-start; "
    "height: auto; margin-top: 1.2em !important} "
    ".bsld-question > .widget-label {width: auto !important; max-width: none; "
    "text-align: left; line-height: 1.4 !important; margin: 0 0 4px 0} "
    ".bsld-question .widget-radio-box {margin-bottom: 0 !important}</style>")


def fitted(widget_class, *args, **kwargs):
    """`lean` with the shared auto-width Layout and, for a widget with a
    description, the shared Style whose label is as wide as it needs: every quiz
    and check in a lesson shares them, so a question costs the page one model
    per control."""
    trait = widget_class.class_traits().get("style")
    wide = trait is not None and "description_width" in trait.klass.class_trait_names()
    return lean(widget_class, *args, layout=AUTO, style=label_style() if wide else None,
                **kwargs)


def question_control(widget_class, prompt: str, *, classes=(), **kwargs):
    """A question that is one control (radio buttons, a text box): its `prompt`
    (HTML) is the control's description, shown above it by QUESTION_CSS; one
    widget model instead of a prompt, a control and a box around them."""
    return fitted(widget_class, description=prompt, description_allow_html=True,
                  classes=("bsld-question", *classes), **kwargs)


def start_value(label: str, value, low: float, high: float, unit: str) -> float:
    """A starting value for a slider, checked against its range (a slider would
    clamp it silently); raises InputError with one plain sentence."""
    import math

    from ..models import InputError, short_repr

    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{label} must be a number, not {short_repr(value)}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{label} must be a number between {low:g} and {high:g} {unit}, "
                         f"not {value}.")
    if not low <= value <= high:       # compared exactly: 10**400 never becomes a float
        shown = f"{value:g}" if abs(value) < 1e15 else "a number that large"
        raise InputError(f"{label} must be between {low:g} and {high:g} {unit} in the "
                         f"explorer; got {shown}.")
    return value


def start_choice(label: str, value, choices) -> str:
    """A starting choice for a dropdown, one of `choices` (ids); raises InputError
    with one plain sentence that lists them."""
    from ..models import InputError, short_repr

    choices = list(choices)
    if not isinstance(value, str) or value not in choices:
        raise InputError(f"{label} must be one of {', '.join(map(repr, choices))}; "
                         f"got {short_repr(value)}.")
    return value
