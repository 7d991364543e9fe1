"""Back-Safe Leg Day: helpers behind the lesson notebooks.

Names are imported lazily, so `import backsafe` stays fast and a lesson pays for
matplotlib and ipywidgets only when it first uses a figure or a widget.
"""
from __future__ import annotations

import importlib

__version__ = "0.2.0"   # the one place the version is written (pyproject reads it)

_EXPORTS = {
    # content
    "lessons": "backsafe.content.catalogue",
    "lesson": "backsafe.content.catalogue",
    "cite": "backsafe.content.references",
    "ContentError": "backsafe.content.loader",
    "disc_pressure_data": "backsafe.content.disc_pressure",
    "norm_set": "backsafe.content.trunk_norms",
    "rules_of_thumb": "backsafe.content.trunk_norms",
    "core_progressions": "backsafe.content.core_progressions",
    "glossary_link": "backsafe.content.glossary",
    # models
    "InputError": "backsafe.models",
    "lumbar_load": "backsafe.models.spine_load",
    "assess_trunk": "backsafe.models.trunk_endurance",
    "trunk_ratios": "backsafe.models.trunk_endurance",
    "plan_progression": "backsafe.models.core_progression",
    "pelvis_state": "backsafe.models.pelvis",
    "thomas_test": "backsafe.models.pelvis",
    "clinical_tilt": "backsafe.models.pelvis",
    "recommend_lessons": "backsafe.models.triage",
    "training_load": "backsafe.models.training_load",
    "week_table": "backsafe.models.training_load",
    "example_log": "backsafe.content.training_example",
    "session_load": "backsafe.models.training_load",
    "screen_red_flags": "backsafe.models.triage",
    "build_warm_up": "backsafe.models.warm_up",
    # store
    "open_store": "backsafe.store",
    # widgets
    "at_a_glance": "backsafe.widgets.lesson_page",
    "reference_list": "backsafe.widgets.lesson_page",
    "glossary_list": "backsafe.widgets.lesson_page",
    "physical_test_safety": "backsafe.widgets.lesson_page",
    "setup_help": "backsafe.widgets.lesson_page",
    "quiz_widget": "backsafe.widgets.quiz",
    "safety_screen": "backsafe.widgets.start_here",
    "self_check": "backsafe.widgets.start_here",
    "anatomy_explorer": "backsafe.widgets.anatomy_explorer",
    "disc_pressure_chart": "backsafe.figures.disc_pressure",
    "load_explorer": "backsafe.widgets.load_explorer",
    "warm_up_explorer": "backsafe.widgets.warm_up_builder",
    "training_load_explorer": "backsafe.widgets.training_log",
    "warning_signs_check": "backsafe.widgets.training_log",
    "trunk_endurance_explorer": "backsafe.widgets.trunk_endurance",
    "core_progression_explorer": "backsafe.widgets.trunk_endurance",
    "build_plan": "backsafe.models.prevention_plan",
    "build_gym_card": "backsafe.models.gym_card",
    "review_schedule": "backsafe.models.review",
    "plan_inputs": "backsafe.progress",
    "plan_explorer": "backsafe.widgets.your_plan",
    "progress_dashboard_explorer": "backsafe.widgets.your_plan",
    "review_explorer": "backsafe.widgets.your_plan",
    "final_assessment_check": "backsafe.widgets.your_plan",
    "when_to_see": "backsafe.widgets.your_plan",
    "your_questions_answered": "backsafe.widgets.your_plan",
    "pelvis_explorer": "backsafe.widgets.pelvis_explorer",
    "thomas_test_check": "backsafe.widgets.pelvis_explorer",
    # pre/post assessment and sharing results (issue 12)
    "normalised_gain": "backsafe.models.gain",
    "pre_test_check": "backsafe.widgets.pre_post",
    "post_test_check": "backsafe.widgets.pre_post",
    "share_results_check": "backsafe.widgets.share",
    # active learning (issue 22)
    "predict_widget": "backsafe.widgets.predict",
    "practice_check": "backsafe.widgets.practice",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'backsafe' has no attribute {name!r}") from None
    from .friendly_errors import install

    install()
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
