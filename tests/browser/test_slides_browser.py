"""Every slide of every deck fits a 1280x720 screen, measured in Chromium.

The build splits long sections into sub-slides (backsafe/delivery/slides.py);
an explorer too tall to split is shrunk to fit by the deck's script, never below
MIN_ZOOM. Pages are opened from file:// with the network cut off."""
from __future__ import annotations

import pytest

from backsafe.content.catalogue import lessons
from backsafe.delivery.slides import SLIDE_HEIGHT, SLIDE_WIDTH, deck_name
from tests.browser.test_site_browser import OFFLINE_ARGS
from tests.delivery_build import built

pytestmark = pytest.mark.browser

MIN_ZOOM = 0.35
MEASURE = """async () => {
  const out = [];
  for (const s of Reveal.getSlides()) {
    const i = Reveal.getIndices(s);
    Reveal.slide(i.h, i.v);
    let waited = 0;        // widgets draw when a slide is shown; the fit follows
    while (s.scrollHeight > Reveal.getConfig().height && waited < 3000) {
      await new Promise(r => setTimeout(r, 100));
      waited += 100;
    }
    const box = s.querySelector('.bsld-fit');
    out.push({h: i.h, v: i.v, height: s.scrollHeight,
              zoom: box && box.style.zoom ? parseFloat(box.style.zoom) : 1});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def deck_page(playwright_api):
    pw, exe = playwright_api
    browser = pw.chromium.launch(executable_path=exe, args=OFFLINE_ARGS, headless=True)
    page = browser.new_page(viewport={"width": SLIDE_WIDTH, "height": SLIDE_HEIGHT})
    outside = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("file://", "data:", "blob:", "about:")) else (outside.append(r.request.url),
                                                       r.abort()))
    page.bsld_outside = outside
    try:
        yield page
    finally:
        browser.close()


@pytest.mark.parametrize("lesson", [pytest.param(lesson, id=lesson.slug) for lesson in lessons()
                                    if lesson.available])
def test_every_slide_fits_1280_by_720(deck_page, lesson):
    page = deck_page
    deck = built()["decks"][0].parent / deck_name(lesson)
    page.goto(deck.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady && Reveal.isReady()",
                           timeout=60_000)
    assert page.evaluate("() => [Reveal.getConfig().width, Reveal.getConfig().height]") == \
        [SLIDE_WIDTH, SLIDE_HEIGHT]
    slides = page.evaluate(MEASURE)
    assert len(slides) > 5
    too_tall = [s for s in slides if s["height"] > SLIDE_HEIGHT]
    assert not too_tall, f"{lesson.slug}: slides taller than {SLIDE_HEIGHT}px: {too_tall}"
    zoomed = [s for s in slides if s["zoom"] < 1]
    assert all(s["zoom"] >= MIN_ZOOM for s in zoomed), zoomed
    # most slides fit by splitting; shrinking is the exception (a shrink of under
    # 5%, such as a title slide at 0.98, cannot be seen and is not counted)
    shrunk = [s for s in zoomed if s["zoom"] < 0.95]
    assert len(shrunk) <= max(2, len(slides) // 8), shrunk
    assert page.bsld_outside == []
    print(f"\n{lesson.slug}: {len(slides)} slides, {len(zoomed)} shrunk "
          f"({', '.join(str(s['zoom']) for s in zoomed) or '-'})")


def test_slides_index_links_every_deck(deck_page):
    page = deck_page
    index = built()["decks"][0].parent / "index.html"
    page.goto(index.as_uri())
    links = page.locator(".bsld-decks a")
    names = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert names == [deck_name(lesson) for lesson in lessons() if lesson.available]
    links.first.click()
    page.wait_for_function("() => window.Reveal && Reveal.isReady && Reveal.isReady()",
                           timeout=60_000)
