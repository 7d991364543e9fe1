"""One build of the static site and one deck per test session, shared by
tests/test_site.py and tests/browser/test_site_browser.py.

Executed lessons and the npm packages are reused from build/ when fresh (and
made there when not: `npm ci` on a machine where build/ is empty); the pages
themselves are written to a temporary folder.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from tests.helpers import ROOT

DECK_SLUG = "causes-and-form"


@lru_cache(maxsize=1)
def built() -> dict:
    from backsafe.delivery.site import build_site
    from backsafe.delivery.slides import build_slides

    out = Path(tempfile.mkdtemp(prefix="bsld-site-test-"))
    atexit.register(shutil.rmtree, out, True)
    started = time.perf_counter()
    index = build_site(ROOT, ROOT / "build", out=out / "site", log=lambda _: None)
    decks = build_slides(ROOT, ROOT / "build", out=out / "slides", log=lambda _: None)
    return {"index": index, "site": index.parent, "decks": decks,
            "deck": next(d for d in decks if DECK_SLUG in d.name),
            "seconds": time.perf_counter() - started}
