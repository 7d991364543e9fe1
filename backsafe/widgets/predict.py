"""Predict before you explore: one recorded prediction, then the model's answer."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..content.markup import to_html
from ..content.predictions import prediction
from ..content.references import cite
from ..models.grading import Grade
from ..models.predictions import model_answer
from ..store import StoreUnavailable, try_open_store
from .base import AUTO, lean, message_html, Panel


def predict_widget(pid: str, *, store="default") -> widgets.VBox:
    """A prediction to make before the explorer below it.

    **Save my prediction** keeps the choice (kind "predict": never scored, shared or
    reviewed); **Compare with the model** then shows it beside the model's answer.
    """
    item = prediction(pid)
    if store == "default":
        store, _ = try_open_store()
    choice = lean(widgets.RadioButtons, options=[(t, o) for o, t in item.options],
                  value=None, description="I predict:",
                  style={"description_width": "initial"},
                  layout=AUTO, classes=("bsld-answer",))
    # width auto: the whole label shows, never cut to '...'
    save = lean(widgets.Button, description="Save my prediction", icon="check",
                button_style="primary", layout=AUTO,
                tooltip="Keep your prediction before you explore",
                classes=("bsld-predict-save",))
    compare = lean(widgets.Button, description="Compare with the model",
                   icon="balance-scale", disabled=True,
                   tooltip="Show what the model says", layout=AUTO,
                   classes=("bsld-predict-compare",))
    out = lean(widgets.HTML, classes=("bsld-feedback",))
    state = {"saved": None}

    def on_save(_=None):
        if choice.value is None:
            out.value = message_html("Choose one answer first, then save it.", "warn")
            return
        state["saved"] = choice.value
        kept = "Saved on this computer (it never counts in a score)."
        if store is not None:
            try:
                answer = model_answer(pid).option
                store.record_quiz(item.lesson, [Grade(pid, True, choice.value == answer,
                                                      0.0, (), "")],
                                  {pid: choice.value}, kind="predict")
            except StoreUnavailable:
                kept = "Your prediction is kept on screen (progress is not being saved)."
            except Exception:            # a widget callback never lets an error out
                kept = "Your prediction is kept on screen."
        else:
            kept = "Your prediction is kept on screen."
        compare.disabled = False
        out.value = message_html(f"You predicted: {item.text(choice.value)}. {kept} Now "
                                 "try the explorer below, then press Compare with the "
                                 "model.", "info")

    def on_compare(_=None):
        if state["saved"] is None:
            out.value = message_html("Save a prediction first.", "warn")
            return
        try:
            answer = model_answer(pid)
        except Exception:
            out.value = message_html("The model's answer could not be worked out; your "
                                     "prediction is kept.", "error")
            return
        mine = state["saved"]
        verdict = ("Your prediction matches the model." if mine == answer.option else
                   "The model shows something else: what made you expect your answer?")
        rows = (f"<table class='bsld-predict-compare-table'><tr><th scope='row' "
                f"style='text-align:left;padding-right:8px'>Your prediction</th><td>"
                f"{html.escape(item.text(mine))}</td></tr><tr><th scope='row' "
                f"style='text-align:left;padding-right:8px'>The model</th><td>"
                f"{html.escape(item.text(answer.option))}</td></tr></table>")
        out.value = message_html(f"<strong>{verdict}</strong>{rows}"
                                 f"{html.escape(answer.shown)}",
                                 "ok" if mine == answer.option else "warn", markup=True)

    save.on_click(on_save)
    compare.on_click(on_compare)
    prompt = lean(widgets.HTML, f"<p><strong>Predict first.</strong> {to_html(item.prompt, cite)}"
                                "</p>")
    box = lean(Panel, [prompt, choice, lean(widgets.HBox, [save, compare]), out],
               classes=("bsld-predict",))
    box.choice, box.save, box.compare, box.feedback = choice, save, compare, out
    return box
