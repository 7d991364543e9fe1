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
    "norm_set": "course.content.trunk_norms",
    "rules_of_thumb": "course.content.trunk_norms",
    "core_progressions": "course.content.core_progressions",
    # models
    "InputError": "course.models",
    "lumbar_load": "course.models.spine_load",
    "assess_trunk": "course.models.trunk_endurance",
    "trunk_ratios": "course.models.trunk_endurance",
    "plan_progression": "course.models.core_progression",
    "pelvis_state": "course.models.pelvis",
    "thomas_test": "course.models.pelvis",
    "clinical_tilt": "course.models.pelvis",
    "recommend_lessons": "course.models.triage",
    "training_load": "course.models.training_load",
    "week_table": "course.models.training_load",
    "example_log": "course.content.training_example",
    "session_load": "course.models.training_load",
    "screen_red_flags": "course.models.triage",
    "build_warm_up": "course.models.warm_up",
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
    "warm_up_explorer": "course.widgets.warm_up_builder",
    "training_load_explorer": "course.widgets.training_log",
    "warning_signs_check": "course.widgets.training_log",
    "trunk_endurance_explorer": "course.widgets.trunk_endurance",
    "core_progression_explorer": "course.widgets.trunk_endurance",
    "build_plan": "course.models.prevention_plan",
    "review_schedule": "course.models.review",
    "plan_inputs": "course.progress",
    "plan_explorer": "course.widgets.your_plan",
    "progress_dashboard_explorer": "course.widgets.your_plan",
    "review_explorer": "course.widgets.your_plan",
    "final_assessment_check": "course.widgets.your_plan",
    "when_to_see": "course.widgets.your_plan",
    "your_questions_answered": "course.widgets.your_plan",
    "pelvis_explorer": "course.widgets.pelvis_explorer",
    "thomas_test_check": "course.widgets.pelvis_explorer",
    # pre/post assessment and sharing results (issue 12)
    "normalised_gain": "course.models.gain",
    "pre_test_check": "course.widgets.pre_post",
    "post_test_check": "course.widgets.pre_post",
    "share_results_check": "course.widgets.share",
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
