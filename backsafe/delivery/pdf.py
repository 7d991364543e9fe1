"""`backsafe pdf`: one printable PDF per lesson, printed by Chromium from the static site.

The site pages load nothing from the network, so printing works offline; Chromium
runs headless with its own throw-away profile and waits (in virtual time) for the
widget renderer before it prints.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..content.catalogue import lessons
from .execute import BuildError
from .site import build_site, page_name

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Quiet, offline, headless: no first-run, sync, update or background requests.
FLAGS = ("--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic",
         "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
         "--virtual-time-budget=15000")


def find_browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise BuildError("Printing to PDF needs Chromium, which was not found: install it "
                     "(on Debian or Ubuntu: sudo apt-get install chromium) and run this again.")


def print_page(page: Path, target: Path, browser: str, timeout: float = 180) -> Path:
    """Print one HTML file to `target` (written whole, or not at all)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with tempfile.TemporaryDirectory(prefix="bsld-pdf-") as profile:
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={partial}",
               page.resolve().as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.insert(1, "--no-sandbox")       # Chromium refuses to run as root otherwise
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            partial.unlink(missing_ok=True)
            raise BuildError(f"Chromium did not finish printing {page.name} within "
                             f"{timeout:.0f} s; nothing was written for it.") from None
    if not partial.is_file() or not partial.read_bytes().startswith(b"%PDF"):
        partial.unlink(missing_ok=True)
        raise BuildError(f"Chromium could not print {page.name} to PDF; nothing was written "
                         "for it.")
    partial.replace(target)
    return target


def build_pdfs(root: Path, build: Path, *, force: bool = False, log=print) -> list[Path]:
    """Build the site, then print each available lesson to build/pdf/NN-slug.pdf."""
    browser = find_browser()
    site = build_site(root, build, force=force, log=log).parent
    out = []
    for lesson in lessons():
        if lesson.available:
            target = build / "pdf" / page_name(lesson).replace(".html", ".pdf")
            out.append(print_page(site / page_name(lesson), target, browser))
            log(f"wrote {target}")
    return out
