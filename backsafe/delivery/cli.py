"""The delivery subcommands of `backsafe`: site, slides, pdf and app."""
from __future__ import annotations

import sys
from pathlib import Path

from .execute import BuildError

BUILDS = {
    "site": "build the course as a static website in build/site/ (no Python needed to read it)",
    "slides": "build one reveal.js slide deck per lesson in build/slides/",
    "pdf": "print every lesson to a PDF in build/pdf/ with Chromium, for learners who print",
}
APP_HELP = "serve the lessons as apps (Voila) on 127.0.0.1; nothing anyone enters is saved"


def add_build_arguments(parser) -> None:
    parser.add_argument("--root", default=".", help="the course repository (default: here)")
    parser.add_argument("--build", default=None, help="output folder (default: ROOT/build)")
    parser.add_argument("--force", action="store_true",
                        help="run every lesson again even if its executed copy is fresh")


def add_delivery_parsers(sub) -> None:
    """Add `site`, `slides`, `pdf` and `app` to the top-level subparsers."""
    for name, help_text in BUILDS.items():
        add_build_arguments(sub.add_parser(name, help=help_text, description=help_text))
    app = sub.add_parser("app", help=APP_HELP, description=APP_HELP)
    app.add_argument("folder", nargs="?", default=None,
                     help="a lesson folder or one notebook (default: notebooks/)")
    app.add_argument("--port", type=int, default=None, help="port (default 8866)")


def run_build(what: str, root: Path, build: Path | None, force: bool) -> int:
    """Build `what` ('site', 'slides' or 'pdf'); one sentence on stderr if it fails."""
    build = build or root / "build"
    if not (root / "notebooks").is_dir():
        print(f"There is no notebooks/ folder in {root.resolve()}: run this from the course "
              "repository (or pass --root).", file=sys.stderr)
        return 1
    log = lambda text: print(text, file=sys.stderr)  # noqa: E731
    try:
        if what == "site":
            from .site import build_site
            print(build_site(root, build, force=force, log=log))
        elif what == "slides":
            from .slides import build_slides
            for path in build_slides(root, build, force=force, log=log):
                print(path)
        else:
            from .pdf import build_pdfs
            for path in build_pdfs(root, build, force=force, log=log):
                print(path)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def run_delivery(args) -> int:
    if args.area == "app":
        from .app import main as app_main
        argv = [args.folder] if args.folder else []
        return app_main(argv + ([f"--port={args.port}"] if args.port is not None else []))
    return run_build(args.area, Path(args.root), Path(args.build) if args.build else None,
                     args.force)
