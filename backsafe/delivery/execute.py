"""Run every available lesson once, with widget state stored, into build/executed/.

The site and the slides both convert from these copies. Each run uses a fresh,
temporary progress folder (BACKSAFE_DATA_DIR), so a build never reads or
changes a learner's own progress.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import backsafe

from ..content.catalogue import Lesson, lessons

PACKAGE_DIR = Path(backsafe.__file__).resolve().parent


class BuildError(Exception):
    """A build step failed; the message is one plain sentence for the user."""


def available_lessons() -> list[Lesson]:
    return [lesson for lesson in lessons() if lesson.available]


def newest_source_time(notebook: Path) -> float:
    """The latest change to the notebook or to any file of the course package
    (except this delivery code, which changes how pages look, not what runs)."""
    delivery = Path(__file__).resolve().parent
    times = [notebook.stat().st_mtime]
    times += [p.stat().st_mtime for p in PACKAGE_DIR.rglob("*")
              if p.is_file() and p.suffix in (".py", ".yaml", ".json")
              and delivery not in p.parents]
    return max(times)


def is_fresh(executed: Path, notebook: Path) -> bool:
    """True when the executed copy is newer than its notebook and the package."""
    return executed.is_file() and executed.stat().st_mtime > newest_source_time(notebook)


@contextmanager
def private_data_dir():
    """Point BACKSAFE_DATA_DIR at a fresh temporary folder for the kernels we start."""
    old = os.environ.get("BACKSAFE_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="bsld-build-") as tmp:
        os.environ["BACKSAFE_DATA_DIR"] = tmp
        try:
            yield Path(tmp)
        finally:
            if old is None:
                os.environ.pop("BACKSAFE_DATA_DIR", None)
            else:
                os.environ["BACKSAFE_DATA_DIR"] = old


def _local_kernel():
    """A kernel manager talking to its kernel over local sockets (IPC) in the
    build's private folder where the system has them: no TCP port, and no
    "running over TCP without encryption" warning once per lesson."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3")
    folder = os.environ.get("BACKSAFE_DATA_DIR")
    if os.name == "posix" and folder:
        km.transport, km.ip = "ipc", str(Path(folder) / "kernel")
    return km


def execute_notebook(notebook: Path, target: Path, *, timeout: int = 180) -> None:
    """Execute one notebook (widget state stored) and write it to `target`."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(notebook, as_version=4)
    km = _local_kernel()
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            store_widget_state=True, km=km,
                            resources={"metadata": {"path": str(notebook.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        first = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise BuildError(f"{notebook.name} failed while running ({first}); run it in "
                         "`make lab` to see the error.") from None
    finally:
        if km.has_kernel:              # a kernel manager we passed in is ours to stop
            km.shutdown_kernel(now=True)
            km.cleanup_resources()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    nbformat.write(nb, tmp)
    os.replace(tmp, target)


def execute_lessons(notebooks: Path, out_dir: Path, *, force: bool = False,
                    log=print) -> list[Path]:
    """Executed copies of every available lesson, running only the stale ones."""
    results, stale = [], []
    for lesson in available_lessons():
        source = notebooks / lesson.notebook
        if not source.is_file():
            raise BuildError(f"The catalogue lists {lesson.notebook}, but {source} does "
                             "not exist; run this from the course repository.")
        target = out_dir / lesson.notebook
        results.append(target)
        if force or not is_fresh(target, source):
            stale.append((source, target))
    if stale:
        with private_data_dir():
            for source, target in stale:
                log(f"executing {source.name}")
                execute_notebook(source, target)
    return results
