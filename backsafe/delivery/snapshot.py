"""Turn an executed lesson into the static copy that the site and slides show.

- the lesson quiz (a `bsld-quiz` widget) becomes an HTML form marked in the
  browser (static_quiz);
- every explorer (`bsld-explorer`) gets a visible note that it is a snapshot
  and how to run it live;
- sentences true only in JupyterLab are swapped for the ones true on a web
  page or a slide, by exact sentence, in the lesson's text (`modes.for_mode`)
  and in what its widgets wrote (`modes.for_mode_widget_text`);
- widget models no output uses any more are dropped from the saved state.
"""
from __future__ import annotations

import copy
import re

from .modes import for_mode, for_mode_widget_text
from .static_quiz import lesson_quiz_html, question_forms_html

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
SNAPSHOT_NOTE = (
    '<p class="bsld-snapshot-note" role="note"><strong>Snapshot.</strong> This explorer '
    "shows the values it starts with; its controls cannot change anything on a web page. "
    "To use it live, open the lesson in JupyterLab with <code>make lab</code> and run "
    "every cell.</p>")

# Checks of a learner's own answers, too long for a slide: a deck names them
# instead (learners answer them in their own copy of the lesson).
PERSONAL_CHECKS = {"bsld-final-assessment", "bsld-review", "bsld-post-test",
                   "bsld-pre-test"}
PERSONAL_NOTE = (
    '<p class="bsld-snapshot-note" role="note"><strong>Learners do this part on their '
    "own.</strong> It checks each learner's own answers, so it is not shown on a slide: "
    "they answer it in the lesson, in JupyterLab (<code>make lab</code>).</p>")

_TEXT_KEYS = ("value", "description", "placeholder", "tooltip")


def _models_used(state: dict, roots) -> set[str]:
    """Model ids reachable from `roots` through IPY_MODEL_ references."""
    seen, todo = set(), list(roots)
    while todo:
        mid = todo.pop()
        if mid in seen or mid not in state:
            continue
        seen.add(mid)
        todo += re.findall(r"IPY_MODEL_([0-9A-Za-z]+)", str(state[mid]["state"]))
    return seen


def _for_mode(out: dict, mode: str) -> dict:
    """An output whose texts (stream, HTML, plain text) say what is true in `mode`."""
    if isinstance(out.get("text"), str):
        out["text"] = for_mode_widget_text(out["text"], mode)
    data = out.get("data", {})
    for mime in ("text/html", "text/plain", "text/markdown"):
        if isinstance(data.get(mime), str):
            data[mime] = for_mode_widget_text(data[mime], mode)
    return out


def _html_output(markup: str) -> dict:
    return {"output_type": "display_data", "metadata": {}, "data": {"text/html": markup}}


def static_copy(nb, slug: str, mode: str = "site"):
    """A deep copy of the executed notebook `nb`, ready for a static page
    (`mode` "site") or a deck ("slides")."""
    nb = for_mode(copy.deepcopy(nb), mode)
    widgets = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {})
    state = widgets.get("state", {})
    roots = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            classes = state.get(view["model_id"], {}).get("state", {}).get(
                "_dom_classes", []) if view else []
            if "bsld-quiz" in classes:
                check = next((int(c.rsplit("-", 1)[1]) for c in classes
                              if re.fullmatch(r"bsld-short-check-\d+", c)), None)
                forms = (question_forms_html(slug, check) if mode == "slides"
                         else [lesson_quiz_html(slug, check)])
                outputs += [_html_output(form) for form in forms]
                continue
            if mode == "slides" and PERSONAL_CHECKS & set(classes):
                outputs.append(_html_output(PERSONAL_NOTE))
                continue
            if "bsld-explorer" in classes:
                outputs.append(_html_output(SNAPSHOT_NOTE))
            if view:
                roots.append(view["model_id"])
            outputs.append(_for_mode(out, mode))
        cell.outputs = outputs
    used = _models_used(state, roots)
    for mid in list(state):
        if mid not in used:
            del state[mid]
            continue
        values = state[mid]["state"]
        for key in _TEXT_KEYS:
            if isinstance(values.get(key), str):
                values[key] = for_mode_widget_text(values[key], mode)
    return nb


def explorer_count(nb) -> int:
    """How many explorers a (static) notebook shows."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    count = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view and "bsld-explorer" in state.get(view["model_id"], {}).get(
                    "state", {}).get("_dom_classes", []):
                count += 1
    return count


_NOTEBOOK_LINK = re.compile(r'href="(\d\d-[a-z0-9-]+)\.ipynb(#[^"]*)?"')


def link_lessons(page: str, suffix: str) -> str:
    """Point links between lesson notebooks at the built pages (NN-slug + suffix)."""
    return _NOTEBOOK_LINK.sub(lambda m: f'href="{m.group(1)}{suffix}{m.group(2) or ""}"', page)


def static_lessons(root, build, *, mode: str = "site", force: bool = False, log=print):
    """(lesson, static copy) for every available lesson, executing stale ones first."""
    import nbformat

    from .execute import available_lessons, execute_lessons

    executed = execute_lessons(root / "notebooks", build / "executed", force=force, log=log)
    for lesson, path in zip(available_lessons(), executed):
        nb = static_copy(nbformat.read(path, as_version=4), lesson.slug, mode)
        nb.metadata["title"] = lesson.title
        yield lesson, nb
