"""python -m backsafe.delivery site|slides [--force]: build the static site or the decks."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .execute import BuildError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backsafe.delivery",
                                     description="Build the course for the web or a projector.")
    parser.add_argument("what", choices=("site", "slides"),
                        help="site: build/site/ (static website); slides: build/slides/")
    parser.add_argument("--root", default=".", help="the course repository (default: here)")
    parser.add_argument("--build", default=None, help="output folder (default: ROOT/build)")
    parser.add_argument("--force", action="store_true",
                        help="run every lesson again even if its executed copy is fresh")
    args = parser.parse_args(argv)
    root = Path(args.root)
    build = Path(args.build) if args.build else root / "build"
    if not (root / "notebooks").is_dir():
        print(f"There is no notebooks/ folder in {root.resolve()}: run this from the course "
              "repository (or pass --root).", file=sys.stderr)
        return 1
    log = lambda text: print(text, file=sys.stderr)  # noqa: E731
    try:
        if args.what == "site":
            from .site import build_site
            print(build_site(root, build, force=args.force, log=log))
        else:
            from .slides import build_slides
            for path in build_slides(root, build, force=args.force, log=log):
                print(path)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
