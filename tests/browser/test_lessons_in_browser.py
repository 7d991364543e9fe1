"""Every lesson, run in JupyterLab in a real Chromium, operated like a learner.

For each ``notebooks/NN-slug.ipynb``: open it, Run > Run All Cells, wait for
the kernel, then check that no cell shows a traceback, every widget output
rendered (no "Error displaying widget", nothing stuck at "Loading widget..."),
answer one quiz question right and one wrong and press Check, move the
controls of every explorer and see the figure or read-out change, and save a
screenshot to ``build/screenshots/<stem>.png``.

Run: ``.venv/bin/python -m pytest -m browser tests/browser -v``
"""
from __future__ import annotations

import difflib
import json
import re
import time
import urllib.parse
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
pytestmark = pytest.mark.browser

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
RUN_TIMEOUT = 120        # s, Run All Cells of one lesson
WIDGET_TIMEOUT = 15      # s, for widget views to leave "Loading widget..."
CHANGE_TIMEOUT = 8       # s, for an explorer or quiz to react to input


def lesson_notebooks() -> list:
    found = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if not found:
        return [pytest.param(None, marks=pytest.mark.skip(
            reason=f"no lesson notebooks (NN-*.ipynb) in {NOTEBOOKS} yet"))]
    return [pytest.param(p.name, id=p.stem) for p in found]


# --------------------------------------------------------------------------
# Driving JupyterLab
# --------------------------------------------------------------------------

def open_notebook(page, server, name: str) -> float:
    """Open /lab/tree/<name>?reset and wait until its kernel is idle. Returns
    the time the page took to show the notebook."""
    t0 = time.monotonic()
    page.goto(server.lab_url(urllib.parse.quote(name)))
    page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=60_000)
    shown = time.monotonic() - t0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        accept_kernel_dialog(page)
        for s in server.api("GET", "/api/sessions"):
            if s.get("path") == name and s["kernel"]["execution_state"] == "idle":
                return shown
        page.wait_for_timeout(200)
    raise AssertionError(f"{name}: the kernel did not start within 60 s\n"
                         f"{server.log_tail()}")


def accept_kernel_dialog(page) -> None:
    """Accept a "Select Kernel" dialog (shown if a run starts before the kernel)."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and "kernel" in dialog.first.text_content().lower():
        dialog.locator(".jp-mod-accept").first.click()


def run_all_cells(page) -> None:
    """Run > Run All Cells, through the menu bar as a learner would."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


CELLS_JS = """
(panelSel) => {
  const panel = document.querySelector(panelSel);
  const out = [];
  for (const cell of panel.querySelectorAll('.jp-Notebook .jp-Cell')) {
    const idx = cell.dataset.windowedListIndex;
    const prompt = cell.querySelector('.jp-InputArea-prompt');
    const outputs = cell.querySelector('.jp-OutputArea');
    const text = outputs ? outputs.textContent : '';
    out.push({
      index: idx === undefined ? null : Number(idx),
      code: cell.classList.contains('jp-CodeCell'),
      prompt: prompt ? prompt.textContent.trim() : '',
      stderr: Array.from(cell.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
        .map(e => e.textContent),
      errorMime: cell.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type*="error"]').length,
      widgets: cell.querySelectorAll('.jupyter-widgets').length,
      loading: text.includes('Loading widget'),
      widgetError: text.includes('Error displaying widget'),
      quizzes: cell.querySelectorAll('.bsld-quiz').length,
      explorers: cell.querySelectorAll('.bsld-explorer').length,
      controls: cell.querySelectorAll('.bsld-explorer .bsld-control').length,
      figures: cell.querySelectorAll('.bsld-figure img').length,
    });
  }
  return out;
}
"""


def scroll_notebook(page, to: str | int) -> None:
    page.evaluate(
        """([panelSel, to]) => {
             const s = document.querySelector(panelSel + ' .jp-WindowedPanel-outer');
             if (s) s.scrollTop = (to === 'bottom') ? s.scrollHeight : to;
           }""", [PANEL, to])


def collect_cells(page, n_cells: int) -> list[dict]:
    """Scroll through the (windowed) notebook so every cell is attached, and
    collect what each cell shows, keyed by its index in the notebook."""
    seen: dict[int, dict] = {}
    height, view = page.evaluate(
        """(panelSel) => { const s = document.querySelector(panelSel + ' .jp-WindowedPanel-outer');
                          return s ? [s.scrollHeight, s.clientHeight] : [0, 1]; }""", PANEL)
    y = 0
    while True:
        scroll_notebook(page, y)
        page.wait_for_timeout(60)
        for c in page.evaluate(CELLS_JS, PANEL):
            if c["index"] is not None:
                seen[c["index"]] = c
        if y >= height or len(seen) >= n_cells and y > 0:
            break
        y += max(view - 50, 200)
    scroll_notebook(page, 0)
    return [seen[i] for i in sorted(seen)]


def open_and_run(page, server, root, name: str) -> None:
    """Open lesson `name` (under the lab's `root`), Run All, and wait until
    every code cell has run and the widgets are drawn."""
    cells = json.loads((root / name).read_text(encoding="utf-8"))["cells"]
    open_notebook(page, server, name)
    run_all_cells(page)
    wait_for_run(page, server, name, sum(c["cell_type"] == "code" for c in cells))
    wait_for_widgets(page)


def wait_for_run(page, server, name: str, n_code: int) -> None:
    """Wait until the kernel is idle and no cell is queued ("[*]") for a
    moment. Run All stops at the first exception, so cells after an error stay
    unnumbered; the caller reports that."""
    deadline = time.monotonic() + RUN_TIMEOUT
    quiet_since = None
    while time.monotonic() < deadline:
        accept_kernel_dialog(page)
        prompts = page.evaluate(
            """(panelSel) => Array.from(document.querySelectorAll(
                 panelSel + ' .jp-Notebook .jp-CodeCell .jp-InputArea-prompt'))
                 .map(e => e.textContent.trim())""", PANEL)
        busy = any("*" in p for p in prompts)
        numbered = sum(bool(re.search(r"\[\d+\]", p)) for p in prompts)
        states = [s["kernel"]["execution_state"] for s in server.api("GET", "/api/sessions")
                  if s.get("path") == name]
        if states and states[0] == "dead":
            raise AssertionError(f"{name}: the kernel died during Run All Cells")
        idle = bool(states) and states[0] == "idle"
        if idle and not busy and numbered > 0:
            if numbered >= n_code:
                return
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 2.0:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(150)
    raise AssertionError(f"{name}: Run All Cells did not finish within {RUN_TIMEOUT} s")


def wait_for_widgets(page) -> None:
    deadline = time.monotonic() + WIDGET_TIMEOUT
    while time.monotonic() < deadline:
        if not page.evaluate(
                """(panelSel) => document.querySelector(panelSel + ' .jp-Notebook')
                     .textContent.includes('Loading widget')""", PANEL):
            return
        page.wait_for_timeout(200)


def save_and_read(page, server, name: str) -> dict | None:
    """Save the notebook (Ctrl+S) and read it back: outputs as the kernel sent them."""
    before = server.api("GET", f"/api/contents/{urllib.parse.quote(name)}?content=0")
    page.locator(f"{PANEL} .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        accept_save_dialog(page)
        now = server.api("GET", f"/api/contents/{urllib.parse.quote(name)}?content=0")
        if now["last_modified"] != before["last_modified"]:
            return server.api("GET", f"/api/contents/{urllib.parse.quote(name)}")["content"]
        page.wait_for_timeout(200)
    return None


def accept_save_dialog(page) -> None:
    """A "file changed on disk" / checkpoint dialog would block saving."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and "kernel" not in dialog.first.text_content().lower():
        dialog.locator(".jp-mod-accept, .jp-mod-warn").first.click()


TRUNCATED_JS = """
(panelSel) => {
  // A label whose laid-out text is wider than its box is drawn with an ellipsis
  // (ipywidgets sets text-overflow: ellipsis). scrollWidth rounds, so compare
  // the text's own width with the content box, to a fraction of a pixel.
  const out = [];
  const sel = ['.widget-label', '.widget-label-basic', '.jupyter-button',
               '.widget-toggle-button'].map(s => panelSel + ' .jupyter-widgets' +
               (s === '.jupyter-button' ? '' : ' ') + s).join(', ');
  for (const e of document.querySelectorAll(sel)) {
    const text = e.textContent.replace(/\u200b/g, '').trim();
    if (!text || e.offsetParent === null) continue;
    const cs = getComputedStyle(e);
    if (cs.textOverflow !== 'ellipsis' && cs.overflow !== 'hidden') continue;
    const range = document.createRange();
    range.selectNodeContents(e);
    const need = range.getBoundingClientRect().width;
    const box = e.getBoundingClientRect().width - parseFloat(cs.paddingLeft)
      - parseFloat(cs.paddingRight) - parseFloat(cs.borderLeftWidth)
      - parseFloat(cs.borderRightWidth);
    if (need - box > 0.3) out.push(text);
  }
  return out;
}
"""


MAX_VIEWPORT = 12_000   # px; Chromium's screenshots get unreliable far beyond this

SCROLLER_JS = """(panelSel) => {
  const s = document.querySelector(panelSel + ' .jp-WindowedPanel-outer');
  if (!s) return null; const r = s.getBoundingClientRect();
  return {height: s.scrollHeight, view: s.clientHeight, top: s.scrollTop,
          x: r.left, y: r.top, w: s.clientWidth}; }"""


def screenshot_notebook(page, path: Path, problems: list[str] | None = None) -> None:
    """Screenshot of the whole notebook: grow the viewport to the notebook's
    height (or, for a very long one, stitch screenshots of the notebook panel).
    While everything is laid out, also look for widget labels cut off with "...". """
    size = page.viewport_size
    geo = page.evaluate(SCROLLER_JS, PANEL)
    if geo is None:
        page.screenshot(path=str(path))
        return
    # Off-screen cells count with an estimated height until they are laid out
    # once: in a tall window, scroll through the notebook first, then measure.
    page.set_viewport_size({"width": size["width"],
                            "height": min(geo["height"] + 220, MAX_VIEWPORT)})
    y = 0
    for _ in range(60):
        scroll_notebook(page, y)
        page.wait_for_timeout(150)
        g = page.evaluate(SCROLLER_JS, PANEL)
        if g["top"] + g["view"] >= g["height"] - 1:
            break
        y = g["top"] + g["view"]
    scroll_notebook(page, 0)
    page.wait_for_timeout(200)
    geo = page.evaluate(SCROLLER_JS, PANEL)
    if geo["height"] + 220 <= MAX_VIEWPORT:
        page.set_viewport_size({"width": size["width"], "height": geo["height"] + 220})
        page.wait_for_timeout(400)
        geo = page.evaluate(SCROLLER_JS, PANEL)
    truncated: list[str] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if geo["height"] <= geo["view"] + 2:
            truncated += page.evaluate(TRUNCATED_JS, PANEL)
            page.screenshot(path=str(path))
        else:
            import io

            from PIL import Image

            parts, y, g = [], 0, geo
            while True:
                scroll_notebook(page, y)
                page.wait_for_timeout(400)
                g = page.evaluate(SCROLLER_JS, PANEL)
                truncated += page.evaluate(TRUNCATED_JS, PANEL)
                png = page.screenshot(clip={"x": g["x"], "y": g["y"], "width": g["w"],
                                            "height": g["view"]})
                parts.append((g["top"], Image.open(io.BytesIO(png))))
                if g["top"] + g["view"] >= g["height"] - 1:
                    break
                y = g["top"] + g["view"]
            scale = parts[0][1].height / g["view"]
            bottom = max(top + g["view"] for top, _ in parts)    # the height as it settled
            sheet = Image.new("RGB", (parts[0][1].width, int(bottom * scale)), "white")
            for top, im in parts:
                sheet.paste(im, (0, int(top * scale)))
            sheet.save(path)
    finally:
        scroll_notebook(page, 0)
        page.set_viewport_size(size)
    if problems is not None:
        for text in dict.fromkeys(truncated):
            problems.append(f"the label {text!r} is cut off (shown with '...') at a "
                            f"{size['width']} px wide window")


# --------------------------------------------------------------------------
# Quiz banks (read from the package's YAML, without the widget code)
# --------------------------------------------------------------------------

_CITE = re.compile(r"\[@[^\]]*\]")


def plain(text) -> str:
    """Markup-free, lower-case, single-spaced text for fuzzy matching."""
    text = _CITE.sub(" ", str(text))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)    # [text](link)
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def words(text) -> list[str]:
    return re.findall(r"[a-z0-9]+", plain(text))


def covers(needle, haystack, share: float = 0.7) -> bool:
    """True if most words of `needle` occur in `haystack`."""
    need, hay = words(needle), set(words(haystack))
    return bool(need) and sum(w in hay for w in need) / len(need) >= share


def load_quiz_bank(slug: str) -> list[dict] | None:
    """The lesson's questions as plain dicts; None if there is no bank file."""
    path = REPO / "backsafe" / "content" / "quizzes" / f"{slug}.yaml"
    if not path.is_file():
        return None
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = []
    for q in data.get("questions", []):
        qtype = q.get("type")
        options = []
        if qtype in ("single", "multiple"):
            options = [dict(text=str(o["text"]), correct=bool(o["correct"]),
                            feedback=str(o.get("feedback", ""))) for o in q["options"]]
        elif qtype == "true_false":
            fb = q.get("feedback", {})
            for value in (True, False):
                options.append(dict(text=str(value), correct=q["answer"] is value,
                                    feedback=str(fb.get(str(value).lower(), fb.get(value, "")))))
        questions.append(dict(id=q["id"], type=qtype, prompt=str(q["prompt"]),
                              options=options, answer=q.get("answer"),
                              tolerance=q.get("tolerance"), unit=q.get("unit"),
                              feedback=q.get("feedback") if qtype == "numeric" else None))
    return questions


def match_question(text: str, labels: list[str], bank: list[dict]) -> dict | None:
    """The bank question shown in a `.bsld-question` (prompt and option labels)."""
    best, best_score = None, 0.0
    for q in bank:
        p = plain(q["prompt"])
        score = difflib.SequenceMatcher(None, p, plain(text)[: len(p) + 60]).ratio()
        if covers(q["prompt"], text, 0.8):
            score += 1
        if q["options"] and labels:
            score += sum(any(plain(o["text"]) == plain(lab) for lab in labels)
                         for o in q["options"]) / len(q["options"])
        if score > best_score:
            best, best_score = q, score
    return best if best_score >= 0.6 else None


# --------------------------------------------------------------------------
# Operating widgets
# --------------------------------------------------------------------------

def click_option(question, text: str) -> None:
    """Click the radio button / check box / toggle whose label matches `text`."""
    cands = question.locator("label:has(input[type=radio]), label:has(input[type=checkbox]),"
                             " .widget-toggle-button, .jupyter-button")
    best, best_score = None, 0.0
    for i in range(cands.count()):
        label = cands.nth(i).text_content()
        score = difflib.SequenceMatcher(None, plain(text), plain(label)).ratio()
        if score > best_score:
            best, best_score = cands.nth(i), score
    assert best is not None and best_score > 0.6, (
        f"no answer labelled {text!r} in question {question.text_content()[:120]!r}")
    best.scroll_into_view_if_needed()
    best.click()


def answer(question, q: dict, right: bool) -> str:
    """Answer question `q` right or wrong; returns the feedback text expected."""
    if q["type"] in ("single", "true_false"):
        pick = next(o for o in q["options"] if o["correct"] is right)
        click_option(question, pick["text"])
        return pick["feedback"]
    if q["type"] == "multiple":
        if right:
            for o in q["options"]:
                if o["correct"]:
                    click_option(question, o["text"])
            return next(o["feedback"] for o in q["options"] if o["correct"])
        wrong = next(o for o in q["options"] if not o["correct"])
        click_option(question, wrong["text"])
        return wrong["feedback"]
    # numeric
    wrong = float(q["answer"]) + 10 * float(q["tolerance"] or 1) + 10
    value = float(q["answer"]) if right else wrong
    box = question.locator("input[type=text], input[type=number], textarea").first
    box.scroll_into_view_if_needed()
    box.fill(f"{value:g}")
    box.press("Enter")
    fb = q["feedback"] or {}
    return fb.get("correct" if right else "too_high", "")


def feedback_of(question):
    """A question's feedback pane: inside its box (a multiple-answer question), or
    right after it in the quiz (a question that is one control)."""
    return question.locator(".bsld-feedback").or_(question.locator(
        "xpath=following-sibling::*[1][contains(concat(' ', normalize-space(@class), ' '),"
        " ' bsld-feedback ')]"))


def wait_text(locator, predicate, timeout: float = CHANGE_TIMEOUT) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = " ".join(locator.nth(i).text_content() for i in range(locator.count()))
        if predicate(text):
            return text
        locator.page.wait_for_timeout(100)
    return text


def answer_and_check(quiz, plan, where: str) -> list[str]:
    """Answer plan[0] right and plan[1] wrong, press Check, and check the
    feedback and the score."""
    problems = []
    expected = [(el, q, right, answer(el, q, right))
                for (el, q), right in zip(plan, (True, False))]

    # Press Check: one per question, or one for the whole quiz.
    per_question = [el.locator(".bsld-check") for el, *_ in expected]
    if all(c.count() for c in per_question):
        for c in per_question:
            c.first.scroll_into_view_if_needed()
            c.first.click()
    else:
        check = quiz.locator(".bsld-check")
        if not check.count():
            return [f"{where}: the quiz has no .bsld-check button"]
        check.first.scroll_into_view_if_needed()
        check.first.click()

    for el, q, right, fb in expected:
        try:                      # a quiz adds its feedback panes when it has feedback
            quiz.locator(".bsld-feedback").first.wait_for(timeout=5000)
        except Exception:
            pass
        box = feedback_of(el)
        if not box.count():
            problems.append(f"{where}: no .bsld-feedback for question {q['id']!r}")
            continue
        if fb:
            got = wait_text(box, lambda t, fb=fb: covers(fb, t))
            if not covers(fb, got):
                problems.append(
                    f"{where}: question {q['id']!r} answered {'right' if right else 'wrong'}: "
                    f"feedback {got[:200]!r} does not show the bank's feedback {fb[:120]!r}")
        else:
            got = wait_text(box, lambda t: t.strip())
            if not got.strip():
                problems.append(f"{where}: question {q['id']!r}: feedback stayed empty")
    score = quiz.locator(".bsld-score")
    if not score.count():
        problems.append(f"{where}: the quiz has no .bsld-score")
    else:
        text = wait_text(score, lambda t: re.search(r"\d", t))
        m = re.search(r"(\d+)\s*(?:/|of|out of)\s*(\d+)", text)
        if not m or m.group(1) != "1":
            problems.append(f"{where}: score {text.strip()!r} after one right and one "
                            "wrong answer; expected 1 right (e.g. '1 of N')")
    return problems


def exercise_quiz(page, quiz, bank: list[dict], where: str) -> list[str]:
    """Answer one question right and one wrong, press Check, check feedback
    and score; press Try again, check it clears, and do it all once more.
    Returns a list of problems (empty when all is well)."""
    problems = []
    qs = quiz.locator(".bsld-question")
    if qs.count() < 2:
        return [f"{where}: a quiz shows {qs.count()} .bsld-question element(s); "
                "need at least 2 to answer one right and one wrong"]
    plan = []   # (question locator, bank question, right?)
    for i in range(qs.count()):
        el = qs.nth(i)
        labels = [el.locator("label:has(input)").nth(j).text_content()
                  for j in range(el.locator("label:has(input)").count())]
        q = match_question(el.text_content(), labels, bank)
        if q is None:
            problems.append(f"{where}: question {i + 1} ({el.text_content()[:80]!r}) "
                            "matches no question in the bank")
            continue
        if q["type"] in ("single", "true_false", "multiple", "numeric"):
            plan.append((el, q))
        if len(plan) == 2:
            break
    if len(plan) < 2:
        return problems + [f"{where}: could not find two answerable questions"]
    problems += answer_and_check(quiz, plan, where)
    retry = quiz.locator(".bsld-retry")
    if retry.count():
        # Try again must clear the quiz, and the quiz must work again after it.
        score = quiz.locator(".bsld-score")
        retry.first.scroll_into_view_if_needed()
        retry.first.click()
        left = wait_text(score, lambda t: not t.strip()) if score.count() else ""
        if left.strip():
            problems.append(f"{where}: after Try again the score still shows {left[:100]!r}")
        fb_left = wait_text(feedback_of(plan[0][0]), lambda t: not t.strip())
        if fb_left.strip():
            problems.append(f"{where}: after Try again the feedback still shows "
                            f"{fb_left[:100]!r}")
        problems += answer_and_check(quiz, plan, f"{where}, after Try again")
    status = quiz.locator(".bsld-store-status")
    if status.count():
        st = status.first.text_content().lower()
        if re.search(r"error|could not|failed|traceback", st):
            problems.append(f"{where}: progress store status says {st[:200]!r}")
    return problems


def explorer_state(explorer) -> tuple:
    """What a learner sees change: figure images and their overlays (the moving
    parts), read-out and message text."""
    return explorer.evaluate(
        """(el) => {
             const h = s => { let x = 0; for (let i = 0; i < s.length; i++)
                                x = (x * 31 + s.charCodeAt(i)) | 0; return x; };
             return [
               Array.from(el.querySelectorAll('.bsld-figure img')).map(i => h(i.src)).join(','),
               Array.from(el.querySelectorAll('.bsld-figure svg.bsld-overlay'))
                 .map(s => h(s.innerHTML)).join(','),
               Array.from(el.querySelectorAll('.bsld-figure')).map(i => i.textContent).join('|'),
               Array.from(el.querySelectorAll('.bsld-readout')).map(i => i.textContent).join('|'),
               Array.from(el.querySelectorAll('.bsld-message')).map(i => i.textContent).join('|'),
             ]; }""")


CONTROLS_JS = """
(el) => Array.from(el.querySelectorAll('.bsld-control')).map(c => {
  const clean = t => (t || '').replace(/\u200b/g, '').trim();
  let name = '';
  for (const sel of ['.widget-label-basic', '.widget-label', 'label']) {
    const hit = Array.from(c.querySelectorAll(sel)).map(e => clean(e.textContent)).find(t => t);
    if (hit) { name = hit; break; }
  }
  if (!name && c.tagName === 'BUTTON') name = clean(c.textContent) || clean(c.title);
  let kind = null;
  if (c.tagName === 'BUTTON')
    kind = c.classList.contains('widget-toggle-button') ? 'toggle' : 'button';
  else if (c.querySelector('.noUi-handle')) kind = 'slider';
  else if (c.querySelector('select')) kind = 'select';
  else if (c.querySelector('.widget-toggle-button')) kind = 'toggles';
  else if (c.querySelector('input[type=radio]')) kind = 'radio';
  else if (c.querySelector('input[type=checkbox]')) kind = 'checkbox';
  else if (c.querySelector('input[type=number], input[type=text]')) kind = 'number';
  return {name: name.slice(0, 60) || '(no label)', kind,
          visible: c.getClientRects().length > 0 && getComputedStyle(c).visibility !== 'hidden'};
})
"""


def operate_control(page, control, kind: str, name: str) -> str | None:
    """Change one value `.bsld-control` the way a learner would. Returns a short
    description of what was done, or None for a control it cannot change."""
    control.scroll_into_view_if_needed()
    if kind == "slider":
        h = control.locator(".noUi-handle").first
        now, top = float(h.get_attribute("aria-valuenow")), float(h.get_attribute("aria-valuemax"))
        key = "ArrowLeft" if now >= top else "ArrowRight"
        h.focus()
        page.keyboard.press(key)
        return f"slider {name!r} {key}"
    if kind == "select":
        sel = control.locator("select").first
        if sel.is_disabled():
            return None
        values = sel.evaluate("(e) => Array.from(e.options).map(o => o.value)")
        others = [v for v in values if v != sel.input_value()]
        if not others:
            return None
        sel.select_option(others[0])
        return f"dropdown {name!r} -> {others[0]!r}"
    if kind == "toggles":
        toggles = control.locator(".widget-toggle-button:not(.mod-active):not(:disabled)")
        if not toggles.count():
            return None
        label = (toggles.first.text_content() or "").strip()
        toggles.first.click()
        return f"toggle buttons {name!r} -> {label!r}"
    if kind == "toggle":
        control.click()
        return f"toggle {name!r}"
    if kind == "radio":
        radios = control.locator("label:has(input[type=radio]:not(:checked):not(:disabled))")
        if not radios.count():
            return None
        label = (radios.first.text_content() or "").strip()
        radios.first.click()
        return f"radio {name!r} -> {label[:40]!r}"
    if kind == "checkbox":
        box = control.locator("input[type=checkbox]:not(:disabled)")
        if not box.count():
            return None
        box.first.click()
        return f"check box {name!r}"
    if kind == "number":
        n = control.locator("input[type=number]:not(:disabled), "
                            "input[type=text]:not(:disabled)").first
        try:
            value = float(n.input_value())
        except ValueError:
            return None
        raw_step = n.get_attribute("step")
        step = float(raw_step) if raw_step not in (None, "", "any") else 1.0
        top = n.get_attribute("max")
        new = value - step if top not in (None, "") and value + step > float(top) else value + step
        n.fill(f"{new:g}")
        n.press("Enter")
        return f"number {name!r} -> {new:g}"
    return None


def wait_change(page, explorer, before, timeout: float) -> tuple:
    deadline = time.monotonic() + timeout
    after = explorer_state(explorer)
    while after == before and time.monotonic() < deadline:
        page.wait_for_timeout(80)
        after = explorer_state(explorer)
    return after


def exercise_explorer(page, explorer, where: str) -> tuple[list[str], list[str]]:
    """Move the controls like a learner and check the explorer reacts.

    Without an action button, every control must change the figure, the
    read-out or a message. With one (e.g. "Suggest my reading order"), the
    controls are set first and pressing the button must change the read-out.
    """
    problems, done = [], []
    controls = explorer.locator(".bsld-control")
    if not controls.count():
        return [f"{where}: explorer has no .bsld-control"], done
    if not (explorer.locator(".bsld-figure img").count()
            or explorer.locator(".bsld-readout").count()):
        problems.append(f"{where}: explorer shows neither a .bsld-figure image nor "
                        "a .bsld-readout")
    info = explorer.evaluate(CONTROLS_JS)
    items = [(controls.nth(i), d) for i, d in enumerate(info) if d["visible"]]
    buttons = [(c, d) for c, d in items if d["kind"] == "button"]
    values = [(c, d) for c, d in items if d["kind"] != "button"]
    unlabelled = [d for _, d in items if d["name"] == "(no label)"]
    if unlabelled:
        problems.append(f"{where}: {len(unlabelled)} control(s) without a visible label")
    moved = 0
    live = None      # does the explorer react to a control without a button press?
    for c, d in values:
        before = explorer_state(explorer)
        action = operate_control(page, c, d["kind"], d["name"])
        if action is None:
            continue
        moved += 1
        if live is False:
            page.wait_for_timeout(60)      # let the value reach the kernel
            done.append(action)
            continue
        # The first control tells whether the explorer is live; an explorer
        # with an action button may wait for that button instead.
        timeout = 2.0 if (live is None and buttons) else CHANGE_TIMEOUT
        changed = wait_change(page, explorer, before, timeout) != before
        if live is None:
            live = changed or not buttons
        if changed:
            done.append(action)
        elif live:
            problems.append(f"{where}: {action}: neither the figure, the read-out nor a "
                            f"message changed within {timeout:g} s")
        else:
            done.append(action + " (takes effect with the button)")
    for b, d in buttons:
        before = explorer_state(explorer)
        b.scroll_into_view_if_needed()
        b.click()
        action = f"button {d['name']!r}"
        if wait_change(page, explorer, before, CHANGE_TIMEOUT) == before:
            problems.append(f"{where}: {action} (after setting {moved} control(s)): "
                            f"nothing changed within {CHANGE_TIMEOUT} s")
        else:
            done.append(action)
    if moved == 0 and not buttons:
        problems.append(f"{where}: no control of the explorer could be operated")
    return problems, done


# --------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------

# The widget manager asks for its control comm before the kernel has imported
# ipywidgets; ipykernel answers on stderr. Normal JupyterLab behaviour.
BENIGN_KERNEL_STDERR = ("No such comm target registered: jupyter.widget.control",
                        "No such comm: ")


def callback_problems(page, since: float = 0.0) -> list[str]:
    """Errors raised (or stderr written) by widget callbacks since `since`.
    JupyterLab shows them only in its log console, so a learner just sees a
    widget that does nothing."""
    problems = []
    for m in getattr(page, "bsld_kernel", []):
        if m["time"] < since or m["parent"] == "execute_request":
            continue          # output of a cell: shown in the cell, checked there
        text = m["text"].strip()
        if text.startswith(BENIGN_KERNEL_STDERR):
            continue
        if m["type"] == "error" or "Traceback" in text or re.search(r"\w+Error\b", text):
            problems.append(f"a widget callback raised an error (visible only in the log "
                            f"console): {text[-800:]}")
        else:
            warnings.warn(f"a widget callback wrote to stderr: {text[:300]}", stacklevel=2)
    return problems


def run_and_check(page, server, root: Path, name: str, screenshot: Path) -> dict:
    """Run one notebook in the browser and check it. Returns a report."""
    t0 = time.monotonic()
    nb = json.loads((root / name).read_text(encoding="utf-8"))
    cells = nb["cells"]
    code_idx = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    problems: list[str] = []
    report = {"notebook": name, "problems": problems, "actions": []}
    try:
        report["t_page"] = open_notebook(page, server, name)
        t_open = time.monotonic()
        run_all_cells(page)
        wait_for_run(page, server, name, len(code_idx))
        wait_for_widgets(page)
        t_run = time.monotonic()
        saved = save_and_read(page, server, name)
        shown = collect_cells(page, len(cells))
        by_index = {c["index"]: c for c in shown}

        if len(by_index) != len(cells):
            problems.append(f"the page shows {len(by_index)} cells, the file has {len(cells)}")
        for i in code_idx:
            c = by_index.get(i)
            src = "".join(cells[i]["source"])
            head = f"cell {i} ({src.strip().splitlines()[0][:60] if src.strip() else 'empty'!r})"
            if c is None:
                continue
            if not re.search(r"\[\d+\]", c["prompt"]) and src.strip():
                problems.append(f"{head}: not executed (prompt {c['prompt']!r})")
            for err in c["stderr"]:
                if "Traceback" in err or re.search(r"^\w*(Error|Exception)\b", err, re.M):
                    problems.append(f"{head}: shows an error:\n{err[-1500:]}")
                else:
                    problems.append(f"{head}: writes to stderr (a red box for the "
                                    f"learner): {err[:300]!r}")
            if c["errorMime"]:
                problems.append(f"{head}: shows an error output")
            if c["widgetError"]:
                problems.append(f"{head}: shows 'Error displaying widget'")
            if c["loading"]:
                problems.append(f"{head}: a widget is stuck at 'Loading widget...'")
            if "quiz_widget(" in src and not c["quizzes"]:
                problems.append(f"{head}: calls quiz_widget but no .bsld-quiz rendered")
            if re.search(r"\w*explorer\(", src) and not c["explorers"]:
                problems.append(f"{head}: calls an explorer but no .bsld-explorer rendered")
            if c["explorers"] and not c["controls"]:
                problems.append(f"{head}: explorer rendered without any .bsld-control")
            if saved is not None:
                outs = saved["cells"][i].get("outputs", [])
                for o in outs:
                    if o.get("output_type") == "error":
                        problems.append(f"{head}: raised {o.get('ename')}: {o.get('evalue')}")
                if any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                       for o in outs) and not c["widgets"]:
                    problems.append(f"{head}: has a widget output but no widget view rendered")
        if saved is None:
            problems.append("saving the notebook (Ctrl+S) did not complete in 15 s")
        report["cells"] = len(cells)
        report["widgets"] = sum(c["widgets"] for c in shown)

        t_checked = time.monotonic()
        # Quizzes
        slug = re.sub(r"^\d+-", "", Path(name).stem)
        quizzes = page.locator(f"{PANEL} .bsld-quiz")
        report["quizzes"] = quizzes.count()
        if quizzes.count():
            bank = load_quiz_bank(slug)
            if bank is None:
                problems.append(f"a quiz is shown but backsafe/content/quizzes/{slug}.yaml "
                                "is missing")
            else:
                for k in range(quizzes.count()):
                    problems += exercise_quiz(page, quizzes.nth(k), bank, f"quiz {k + 1}")
        t_quiz = time.monotonic()
        # Explorers
        explorers = page.locator(f"{PANEL} .bsld-explorer")
        report["explorers"] = explorers.count()
        for k in range(explorers.count()):
            ex = explorers.nth(k)
            cls = ex.get_attribute("class") or ""
            kind = next((c for c in cls.split() if c.startswith("bsld-") and c != "bsld-explorer"),
                        f"explorer {k + 1}")
            p, done = exercise_explorer(page, ex, kind)
            problems += p
            report["actions"] += [f"{kind}: {a}" for a in done]
        page.wait_for_timeout(200)    # let the last kernel messages arrive
        problems += callback_problems(page)
        report["t_open"] = t_open - t0
        report["t_run"] = t_run - t_open
        report["t_inspect"] = t_checked - t_run
        report["t_quiz"] = t_quiz - t_checked
        report["t_explore"] = time.monotonic() - t_quiz
    finally:
        t_shot = time.monotonic()
        try:
            screenshot_notebook(page, screenshot, problems)
        except Exception as exc:  # a screenshot must not hide the real failure
            problems.append(f"screenshot failed: {exc}")
        report["t_shot"] = time.monotonic() - t_shot
        report["t_total"] = time.monotonic() - t0
    return report


@pytest.mark.parametrize("notebook", lesson_notebooks())
def test_lesson_runs_and_widgets_work(notebook, lab_page, lab_server, lab_root,
                                      screenshot_dir, browser_reports):
    report = run_and_check(lab_page, lab_server, lab_root, notebook,
                           screenshot_dir / f"{Path(notebook).stem}.png")
    browser_reports[notebook] = report
    problems = report["problems"]
    if lab_page.bsld_console and problems:
        problems.append("browser console errors:\n  " + "\n  ".join(lab_page.bsld_console[:10]))
    assert not problems, (f"{notebook}: {len(problems)} problem(s); screenshot in "
                          f"build/screenshots/\n- " + "\n- ".join(problems))


# A scratch notebook that checks the harness itself: a slider moved with the
# keyboard, a dropdown, a radio button + button, and a cell that fails.
SCRATCH_CELLS = [
    ("markdown", "# Harness check"),
    ("code", """import ipywidgets as w
s = w.IntSlider(description="Reps", min=0, max=10, value=3)
dd = w.Dropdown(description="Lift", options=["squat", "deadlift"])
out = w.HTML("3 squat")
for c in (s, dd):
    c.add_class("bsld-control")
out.add_class("bsld-readout")
def update(_=None):
    out.value = f"{s.value} {dd.value}"
s.observe(update, "value"); dd.observe(update, "value")
box = w.VBox([s, dd, out]); box.add_class("bsld-explorer"); box.add_class("bsld-scratch")
box"""),
    ("code", """boom = w.Button(description="Boom"); boom.add_class("bsld-boom")
boom.on_click(lambda _: 1 / 0)
boom"""),
    ("code", "1 / 0"),
    ("code", "'never runs'"),
]


def test_harness_sees_widgets_and_errors(lab_page, lab_server, lab_root, browser_reports):
    """The checks above must notice a traceback, an unexecuted cell, and a
    slider or dropdown that changes a read-out (or they prove nothing)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                               "display_name": "Python 3"}})
    nb.cells = [new_code_cell(s) if kind == "code" else new_markdown_cell(s)
                for kind, s in SCRATCH_CELLS]
    name = "zz-harness-check.ipynb"
    nbformat.write(nb, str(lab_root / name))
    report = run_and_check(lab_page, lab_server, lab_root, name,
                           lab_root / "harness-check.png")
    browser_reports["(harness check)"] = report
    text = "\n".join(report["problems"])
    assert "ZeroDivisionError" in text, text
    assert "widget callback raised" not in text, text
    t = time.monotonic()
    lab_page.locator(".bsld-boom").click()
    deadline = time.monotonic() + CHANGE_TIMEOUT
    found = []
    while not found and time.monotonic() < deadline:
        lab_page.wait_for_timeout(100)
        found = callback_problems(lab_page, since=t)
    assert found and "ZeroDivisionError" in found[0], found
    assert "not executed" in text, text
    assert report["explorers"] == 1
    assert any("slider 'Reps'" in a for a in report["actions"]), report
    assert any("dropdown 'Lift'" in a for a in report["actions"]), report
    assert "neither the figure nor the read-out changed" not in text, text
    assert "Loading widget" not in text and "Error displaying widget" not in text, text
