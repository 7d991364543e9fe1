"""Command line for learner progress: where it is, export it, reset it.

    python -m course progress where
    python -m course progress export [--output FILE]
    python -m course progress reset --yes
"""
from __future__ import annotations

import argparse
import json
import sys

from .store import StoreUnavailable, open_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course",
                                     description="Manage your Back-Safe Leg Day progress.")
    sub = parser.add_subparsers(dest="area", required=True)
    progress = sub.add_parser("progress", help="your saved progress")
    actions = progress.add_subparsers(dest="action", required=True)
    actions.add_parser("where", help="print where the progress file is")
    export = actions.add_parser("export", help="write all progress as JSON")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    reset = actions.add_parser("reset", help="start afresh (the old file is kept as a backup)")
    reset.add_argument("--yes", action="store_true", help="confirm the reset")
    args = parser.parse_args(argv)

    try:
        store = open_store()
        if store.notice:
            print(store.notice, file=sys.stderr)
        if args.action == "where":
            print(store.path)
        elif args.action == "export":
            text = json.dumps(store.export(), indent=2, ensure_ascii=False)
            if args.output:
                with open(args.output, "w", encoding="utf-8") as fh:
                    fh.write(text + "\n")
                print(f"Progress written to {args.output}.", file=sys.stderr)
            else:
                print(text)
        else:
            if not args.yes:
                print("Nothing was changed: add --yes to reset your progress "
                      "(the old file is kept as a backup).", file=sys.stderr)
                return 2
            backup = store.reset()
            print(f"Progress reset. Your old progress is kept in {backup}.")
    except (StoreUnavailable, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0
