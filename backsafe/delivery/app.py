"""App mode: the lessons served by Voilà on this computer, recording nothing.

`make app` runs ``python -m backsafe.delivery.app``. Several people may share one
Voilà server, so its kernels get ``BACKSAFE_APP_MODE=1``: every widget then
says that nothing is saved (see ``backsafe.store.try_open_store``). The Voilà
settings and the template that loads nothing from a CDN are in
``delivery/voila/`` at the top of the repository.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

from ..store import APP_MODE_VAR

REPO = Path(__file__).resolve().parents[2]
VOILA_DIR = REPO / "delivery" / "voila"
NOTEBOOKS = REPO / "notebooks"


def app_env(base: dict | None = None) -> dict:
    """The environment for Voilà and its kernels: app mode on, our template found."""
    env = dict(os.environ if base is None else base)
    env[APP_MODE_VAR] = "1"
    shared = [str(VOILA_DIR / "share"), env.get("JUPYTER_PATH", "")]
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in shared if p)
    return env


def voila_command(root: Path | str = NOTEBOOKS, *, port: int | None = None,
                  extra: list[str] | None = None) -> list[str]:
    """The command that serves `root` (a folder of lessons, or one notebook)."""
    cmd = [sys.executable, "-m", "voila", str(root),
           f"--Voila.config_file_paths={VOILA_DIR}", "--Voila.ip=127.0.0.1",
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
        prog="make app", description="Serve the lessons as apps on 127.0.0.1 "
        "(nothing anyone enters is saved).")
    parser.add_argument("root", nargs="?", default=str(NOTEBOOKS),
                        help="a lesson folder or one notebook (default: notebooks/)")
    parser.add_argument("--port", type=int, default=None, help="port (default 8866)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    why = problem(root)
    if why:
        print(why, file=sys.stderr)
        return 2
    cmd = voila_command(root, port=args.port)
    # Become Voilà (no parent left behind): Ctrl+C and kill reach it directly.
    os.execve(cmd[0], cmd, app_env())
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
