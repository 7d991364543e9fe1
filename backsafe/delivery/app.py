"""App mode: the lessons served by Voilà, recording nothing.

`make app` runs ``python -m backsafe.delivery.app``. Several people may share one
Voilà server, so its kernels get ``BACKSAFE_APP_MODE=1``: every widget then
says that nothing is saved (see ``backsafe.store.try_open_store``). The Voilà
settings (idle kernels culled) and the template that loads nothing from a CDN
are in ``delivery/voila/`` at the top of the repository.

The app serves copies made by `prepare_app` under build/app/: each lesson with
the sentences true in the app (`modes.for_mode`) and links to the previous and
next lessons, and a home page with the catalogue's titles, minutes and the
safety line (included by the template's tree.html).
"""
from __future__ import annotations

import argparse
import html
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

from ..content.catalogue import Lesson, lessons
from ..content.safety import emergency_notice
from ..store import APP_MODE_VAR
from .modes import for_mode

REPO = Path(__file__).resolve().parents[2]
VOILA_DIR = REPO / "delivery" / "voila"
NOTEBOOKS = REPO / "notebooks"
APP_BUILD = REPO / "build" / "app"
HOME_FRAGMENT = Path("share") / "voila" / "templates" / "backsafe" / "bsld-home.html"
def safety_html() -> str:
    return ("<strong>Safety:</strong> this course is education, not medical advice, and it "
            f"never diagnoses. {html.escape(emergency_notice())} Lesson 00 has a short "
            "safety screen.")


def app_env(base: dict | None = None, build: Path | None = None) -> dict:
    """The environment for Voilà and its kernels: app mode on, our template found
    (and the home page `prepare_app` wrote under `build`, if given)."""
    env = dict(os.environ if base is None else base)
    env[APP_MODE_VAR] = "1"
    shared = [str(build / "share") if build else "", str(VOILA_DIR / "share"),
              env.get("JUPYTER_PATH", "")]
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in shared if p)
    return env


def _text(value: str) -> str:
    """Catalogue text for the home page template: escaped, and no Jinja syntax."""
    return html.escape(value).replace("{", "&#123;").replace("}", "&#125;")


def _render(lesson: Lesson) -> str:
    return f"{{{{ base_url }}}}voila/render/{lesson.notebook}"


def home_html(shown: list[Lesson], catalogue=None) -> str:
    """The home page's body: title, safety line, and every catalogue lesson with
    its minutes; the lessons this app serves are links."""
    served = {lesson.slug for lesson in shown}
    rows, total = [], 0
    for lesson in lessons() if catalogue is None else catalogue:
        minutes = lesson.teaching_minutes + lesson.practice_minutes
        total += minutes if lesson.available else 0
        title = _text(f"{lesson.number:02d}. {lesson.title}")
        name = (f'<a href="{_render(lesson)}">{title}</a>' if lesson.slug in served
                else f"{title} <em>(not in this app)</em>")
        rows.append(f"<li class=\"bsld-home-lesson\"><p class=\"bsld-home-title\">{name}"
                    f"</p><p>{_text(lesson.subtitle)} <span class=\"bsld-home-minutes\">"
                    f"{minutes} minutes</span></p></li>")
    return (
        "<h1>Back-Safe Leg Day</h1>"
        "<p><em>Why does my lower back hurt when I train legs, and what can I do about "
        f"it?</em> {len(served)} lessons, about {total} minutes in all.</p>"
        f"<p class=\"bsld-home-safety\" role=\"note\">{safety_html()}</p>"
        "<p>Nothing you enter in this app is saved. To keep your progress, run the course "
        "in your own JupyterLab (<code>make lab</code>).</p>"
        f"<ol class=\"bsld-home-lessons\">{''.join(rows)}</ol>")


def nav_cell(shown: list[Lesson], index: int) -> dict:
    """A Markdown cell linking to the home page and the neighbouring lessons."""
    links = ["[All lessons](../tree)"]
    if index > 0:
        prev = shown[index - 1]
        links.insert(0, f"[Previous: {prev.number:02d}. {prev.title}]({prev.notebook})")
    if index + 1 < len(shown):
        nxt = shown[index + 1]
        links.append(f"[Next: {nxt.number:02d}. {nxt.title}]({nxt.notebook})")
    return {"cell_type": "markdown", "id": "bsld-app-nav", "metadata": {},
            "source": " · ".join(links)}


def prepare_app(source: Path = NOTEBOOKS, build: Path = APP_BUILD,
                slugs: list[str] | None = None) -> Path:
    """Write the app's lesson copies and home page under `build`; returns the
    folder to serve. `slugs` limits the lessons (default: every available one)."""
    shown = [lesson for lesson in lessons() if lesson.available
             and (source / lesson.notebook).is_file()
             and (slugs is None or lesson.slug in slugs)]
    folder = build / "lessons"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for n, lesson in enumerate(shown):
        nb = for_mode(json.loads((source / lesson.notebook).read_text(encoding="utf-8")),
                      "app")
        nb["cells"].append(nav_cell(shown, n))
        (folder / lesson.notebook).write_text(json.dumps(nb, indent=1, ensure_ascii=False),
                                              encoding="utf-8")
    home = build / HOME_FRAGMENT
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text(home_html(shown), encoding="utf-8")
    return folder


def voila_command(root: Path | str = NOTEBOOKS, *, port: int | None = None,
                  ip: str = "127.0.0.1", extra: list[str] | None = None) -> list[str]:
    """The command that serves `root` (a folder of lessons, or one notebook)."""
    cmd = [sys.executable, "-m", "voila", str(root),
           f"--Voila.config_file_paths={VOILA_DIR}", f"--Voila.ip={ip}",
           "--no-browser"]
    if port is not None:
        cmd += [f"--port={port}", "--Voila.port_retries=0"]
    return cmd + list(extra or [])


def problem(root: Path) -> str | None:
    """One sentence saying why the app cannot start, or None."""
    if importlib.util.find_spec("voila") is None:
        return ("Voilà is not installed in this environment; install it with "
                "pip install -e '.[app]' (or run make app, which does it).")
    if not (VOILA_DIR / "voila.json").is_file():
        return (f"The app settings are missing ({VOILA_DIR / 'voila.json'}); run the app "
                "from a full copy of the course repository.")
    if not root.exists():
        return f"There is no lesson folder or notebook at {root}; give an existing one."
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make app", description="Serve the lessons as apps (nothing anyone enters "
        "is saved).")
    parser.add_argument("root", nargs="?", default=None,
                        help="a lesson folder or one notebook served as it is (default: "
                             "every lesson, prepared under build/app/)")
    parser.add_argument("--port", type=int, default=None, help="port (default 8866)")
    parser.add_argument("--ip", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, this computer "
                             "only; 0.0.0.0 serves a classroom network, with no login)")
    args = parser.parse_args(argv)
    root = Path(args.root) if args.root else NOTEBOOKS
    why = problem(root)
    if why:
        print(why, file=sys.stderr)
        return 2
    build = None
    if args.root is None:
        build = APP_BUILD
        root = prepare_app(NOTEBOOKS, build)
    cmd = voila_command(root, port=args.port, ip=args.ip)
    # Become Voilà (no parent left behind): Ctrl+C and kill reach it directly.
    os.execve(cmd[0], cmd, app_env(build=build))
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
