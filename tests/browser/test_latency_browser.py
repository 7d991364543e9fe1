"""Key press to picture: how long a learner waits for an explorer in JupyterLab.

A scratch notebook holds JupyterLab's own round trip (a slider whose value a
kernel callback echoes as a few bytes of text) and the lesson-02 load explorer.
For each, the arrow key is pressed on the slider and the page notes when the
new content is in the page (a DOM mutation) and when it is on screen (the
image decoded, then the next frame painted). The times are reported in the
terminal summary and, with BSLD_LATENCY_OUT=file.json, written for `make bench`.
"""
from __future__ import annotations

import json
import os
import statistics

import pytest

from tests.browser.test_lessons_in_browser import (open_notebook, run_all_cells, wait_for_run,
                                                   wait_for_widgets)

pytestmark = pytest.mark.browser

PRESSES = 21            # the first is a warm-up and is not counted
LIMIT_MS = 1000         # a sanity bound: the targets are judged by `make bench`
# A class on a shared hub over busy Wi-Fi: 2 Mbit/s each way, 40 ms added latency.
THROTTLE = {"offline": False, "latency": 40, "downloadThroughput": 2_000_000 / 8,
            "uploadThroughput": 2_000_000 / 8}

CELLS = [
    """import ipywidgets as w
echo = w.IntSlider(description="Echo", min=0, max=100, value=50)
text = w.HTML("50")
echo.observe(lambda change: setattr(text, "value", str(change["new"])), "value")
box = w.VBox([echo, text]); box.add_class("bsld-echo"); box""",
    """from backsafe import load_explorer
load_explorer()""",
]

# Installed in the page: a key press starts the clock; the first change under
# `target` stops "page"; the image decoded plus two animation frames stops "screen".
INSTRUMENT = """(target) => {
  const root = document.querySelector(target);
  const lat = {t0: null, page: [], screen: []};
  window.__bsldLatency = lat;
  document.addEventListener('keydown', () => { lat.t0 = performance.now(); }, true);
  new MutationObserver(() => {
    if (lat.t0 === null) return;
    const t0 = lat.t0; lat.t0 = null;
    lat.page.push(performance.now() - t0);
    const painted = () => requestAnimationFrame(() => requestAnimationFrame(
        () => lat.screen.push(performance.now() - t0)));
    const img = root.querySelector('img');
    if (img && img.decode) img.decode().then(painted, painted); else painted();
  }).observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
}"""


def key_latency(page, slider: str, target: str) -> dict:
    """Median key-to-page and key-to-screen times (ms) for PRESSES arrow keys on
    the first slider handle under `slider`, watching `target` change."""
    page.evaluate(INSTRUMENT, target)
    handle = page.locator(f"{slider} .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for n in range(1, PRESSES + 1):
        page.keyboard.press("ArrowRight" if n % 2 else "ArrowLeft")
        page.wait_for_function(f"window.__bsldLatency.screen.length >= {n}", timeout=10_000)
        page.wait_for_timeout(50)     # a learner's presses are not back to back
    lat = page.evaluate("window.__bsldLatency")
    return {"page_ms": statistics.median(lat["page"][1:]),
            "screen_ms": statistics.median(lat["screen"][1:]), "presses": PRESSES - 1}


def test_key_press_to_new_picture(lab_page, lab_server, lab_root, browser_reports):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                               "display_name": "Python 3"}})
    nb.cells = [new_code_cell(source) for source in CELLS]
    name = "zz-latency.ipynb"
    nbformat.write(nb, str(lab_root / name))
    open_notebook(lab_page, lab_server, name)
    run_all_cells(lab_page)
    wait_for_run(lab_page, lab_server, name, len(CELLS))
    wait_for_widgets(lab_page)
    lab_page.wait_for_selector(".bsld-load-explorer .bsld-figure img", timeout=30_000)

    result = {"jupyterlab_text": key_latency(lab_page, ".bsld-echo", ".bsld-echo .widget-html"),
              "load_explorer": key_latency(lab_page, ".bsld-load-explorer",
                                           ".bsld-load-explorer .bsld-figure")}
    cdp = lab_page.context.new_cdp_session(lab_page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    try:
        result["load_explorer_throttled"] = key_latency(lab_page, ".bsld-load-explorer",
                                                        ".bsld-load-explorer .bsld-figure")
        result["jupyterlab_text_throttled"] = key_latency(lab_page, ".bsld-echo",
                                                          ".bsld-echo .widget-html")
    finally:
        cdp.send("Network.emulateNetworkConditions", {**THROTTLE, "latency": 0,
                                                      "downloadThroughput": -1,
                                                      "uploadThroughput": -1})
    out = os.environ.get("BSLD_LATENCY_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(result, fh)
    base, load = result["jupyterlab_text"], result["load_explorer"]
    slow, slow_base = result["load_explorer_throttled"], result["jupyterlab_text_throttled"]
    browser_reports.line(
        f"key press -> new picture, median of {load['presses']}: load explorer "
        f"{load['page_ms']:.0f} ms in the page, {load['screen_ms']:.0f} ms on screen; "
        f"JupyterLab's own round trip (text echo) {base['page_ms']:.0f} / "
        f"{base['screen_ms']:.0f} ms; at 2 Mbit/s + 40 ms: {slow['screen_ms']:.0f} ms "
        f"(echo {slow_base['screen_ms']:.0f} ms)")
    assert load["page_ms"] < LIMIT_MS and load["screen_ms"] < LIMIT_MS, result
    assert slow["screen_ms"] < LIMIT_MS, result
    assert base["page_ms"] <= load["screen_ms"], result
