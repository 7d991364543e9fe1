"""python -m backsafe.delivery site|slides|pdf [--force] (the same as `backsafe site` ...)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli import BUILDS, add_build_arguments, run_build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backsafe.delivery",
                                     description="Build the course for the web, a projector "
                                                 "or paper.")
    parser.add_argument("what", choices=tuple(BUILDS),
                        help="; ".join(f"{k}: {v}" for k, v in BUILDS.items()))
    add_build_arguments(parser)
    args = parser.parse_args(argv)
    return run_build(args.what, Path(args.root), Path(args.build) if args.build else None,
                     args.force)


if __name__ == "__main__":
    sys.exit(main())
