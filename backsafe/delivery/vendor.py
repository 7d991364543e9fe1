"""JavaScript for the static site and slides, installed from npm at build time.

`delivery/package.json` and its lock name the packages; `npm ci` installs them
into build/npm/ (never committed, never a CDN), and the files a page needs are
copied beside it under static/.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from .execute import BuildError

WIDGETS = "@jupyter-widgets/html-manager/dist"


def node_modules(root: Path, build: Path) -> Path:
    """build/npm/node_modules, installed with `npm ci` when missing or out of date."""
    npm_dir = build / "npm"
    modules = npm_dir / "node_modules"
    lock = root / "delivery" / "package-lock.json"
    if not lock.is_file():
        raise BuildError(f"{lock} is missing; run this from the course repository.")
    stamp = npm_dir / "installed-lock.json"      # the lock of the last complete install
    if modules.is_dir() and stamp.is_file() and stamp.read_bytes() == lock.read_bytes():
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm was not found: install Node.js 18 or newer (it brings npm), "
                         "then run the build again.")
    npm_dir.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)                # a failed install is retried next time
    shutil.copy(root / "delivery" / "package.json", npm_dir / "package.json")
    shutil.copy(lock, npm_dir / "package-lock.json")
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
                          cwd=npm_dir, capture_output=True, text=True)
    if done.returncode != 0:
        said = [line.removeprefix("npm error").strip() for line in done.stderr.splitlines()
                if line.startswith("npm error") and "complete log" not in line]
        said = next((line for line in said if line and not line.startswith("code")),
                    "no message")
        raise BuildError(f"npm could not install the site's JavaScript ({said}); check the "
                         "connection to the npm registry and try again.")
    shutil.copy(lock, stamp)
    return modules


def copy_widget_renderer(modules: Path, static: Path) -> None:
    """require.js, the widget renderer and the icon fonts it asks for.

    The renderer looks for its fonts beside its AMD modules, i.e. under
    `<require baseUrl>/@jupyter-widgets/`; the page templates set the baseUrl to
    static/, so the fonts go to static/@jupyter-widgets/.
    """
    fonts = static / "@jupyter-widgets"
    fonts.mkdir(parents=True, exist_ok=True)
    shutil.copy(modules / "requirejs" / "require.js", static / "require.js")
    shutil.copy(modules / WIDGETS / "embed-amd.js", static / "embed-amd.js")
    for item in (modules / WIDGETS).glob("*.woff2"):
        shutil.copy(item, fonts / item.name)


def copy_reveal(modules: Path, static: Path) -> None:
    """reveal.js (dist and the notes plugin) plus a white theme with no web fonts."""
    reveal = static / "reveal.js"
    if reveal.exists():
        shutil.rmtree(reveal)
    for part in ("dist/reveal.js", "dist/reveal.css", "dist/reset.css",
                 "plugin/notes/notes.js", "LICENSE"):
        target = reveal / part
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(modules / "reveal.js" / part, target)
    white = (modules / "reveal.js" / "dist/theme/white.css").read_text(encoding="utf-8")
    (reveal / "dist/theme").mkdir(parents=True, exist_ok=True)
    (reveal / "dist/theme/bsld.css").write_text(no_web_fonts(white), encoding="utf-8")


SYSTEM_FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def no_web_fonts(css: str) -> str:
    """A reveal.js theme without @import or @font-face, using the system's fonts."""
    css = re.sub(r"@import[^;]*;", "", css)
    css = re.sub(r"@font-face\s*{[^}]*}", "", css)
    return re.sub(r"(--r-(?:main|heading)-font:)[^;]*;", rf"\1 {SYSTEM_FONTS};", css)


def copy_own_static(static: Path, *names: str) -> None:
    """The course's own scripts and styles (backsafe/delivery/static/)."""
    here = Path(__file__).resolve().parent / "static"
    static.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(here / name, static / name)


def fresh_output(out: Path, modules: Path) -> Path:
    """Empty `out` and fill its static/ folder with what every page loads (the
    widget renderer, the quiz script, the style sheet); returns static/."""
    if out.exists():
        shutil.rmtree(out)
    static = out / "static"
    copy_widget_renderer(modules, static)
    copy_own_static(static, "quiz.js", "site.css")
    return static
