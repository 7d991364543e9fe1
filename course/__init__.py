"""Back-Safe Leg Day: helpers behind the lesson notebooks.

Names are imported lazily, so `import course` stays fast and a lesson pays for
matplotlib and ipywidgets only when it first uses a figure or a widget.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    # content
    "lessons": "course.content.catalogue",
    "lesson": "course.content.catalogue",
    "cite": "course.content.references",
    "ContentError": "course.content.loader",
    "disc_pressure_data": "course.content.disc_pressure",
    # models
    "InputError": "course.models",
    "lumbar_load": "course.models.spine_load",
    "pelvis_state": "course.models.pelvis",
    "thomas_test": "course.models.pelvis",
    "clinical_tilt": "course.models.pelvis",
    "recommend_lessons": "course.models.triage",
    "screen_red_flags": "course.models.triage",
    # store
    "open_store": "course.store",
    # widgets
    "at_a_glance": "course.widgets.lesson_page",
    "reference_list": "course.widgets.lesson_page",
    "quiz_widget": "course.widgets.quiz",
    "safety_screen": "course.widgets.start_here",
    "self_check": "course.widgets.start_here",
    "anatomy_explorer": "course.widgets.anatomy_explorer",
    "disc_pressure_chart": "course.figures.disc_pressure",
    "load_explorer": "course.widgets.load_explorer",
    "pelvis_explorer": "course.widgets.pelvis_explorer",
    "thomas_test_check": "course.widgets.pelvis_explorer",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'course' has no attribute {name!r}") from None
    from .friendly_errors import install

    install()
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
