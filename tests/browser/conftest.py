"""Fixtures for the real-browser test: one JupyterLab server and one Chromium
for the whole session, each lesson opened in its own page.

The server runs from the current environment (``sys.executable -m jupyter
lab``) on 127.0.0.1 with a random token, in throw-away config, data, settings
and workspace directories, serving a *copy* of ``notebooks/`` so a learner's
files are never touched. ``BACKSAFE_DATA_DIR`` points the course's progress
store at a temporary directory as well.

Chromium is Debian's (``/usr/bin/chromium``), driven through Playwright.
Never run ``playwright install`` (it downloads a browser and fails offline).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
BUILD = REPO / "build"
SCREENSHOTS = BUILD / "screenshots"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",            # Chromium refuses to start as root without it
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium opens background connections that are refused
    # here (no internet), many at a time.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# No "Jupyter news" / update pop-up: it would cover widgets and steal clicks.
# No empty "scroll past the last cell" space: it would pad every screenshot by
# a window's height.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "scrollPastEnd": False,
    },
}
# Server side: never fetch the news feed (JUPYTER_CONFIG_DIR is throw-away).
SERVER_CONFIG = {"LabApp": {"news_url": None}}

SERVER_START_TIMEOUT = 90  # seconds; a cold start on 2 busy cores takes ~5-15 s


def chromium_path() -> str | None:
    """$BSLD_CHROMIUM if set, else Debian's Chromium, else `chromium` on PATH."""
    override = os.environ.get("BSLD_CHROMIUM")
    if override:
        return override if Path(override).exists() else None
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """A JupyterLab server process plus a tiny REST client for it."""

    def __init__(self, root: Path, base: Path):
        self.root = root
        self.base = base
        self.port = _free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log_path = base / "jupyterlab.log"
        self._log = None

    # -- REST -----------------------------------------------------------------
    def api(self, method: str, path: str, body=None, timeout: float = 10):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.url}{path}", data=data, method=method,
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def lab_url(self, notebook: str) -> str:
        # ?reset drops the saved workspace, so earlier tabs are not restored
        # as hidden panels; the token logs the page in (it sets a cookie).
        return f"{self.url}/lab/tree/{notebook}?reset&token={self.token}"

    # -- life cycle -----------------------------------------------------------
    def start(self, env: dict) -> None:
        cmd = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.terminals_enabled=False",
            f"--LabApp.user_settings_dir={self.base / 'lab-user-settings'}",
            f"--LabApp.workspaces_dir={self.base / 'lab-workspaces'}",
            "--LabApp.check_for_updates_class="
            "jupyterlab.handlers.announcements.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            cmd, cwd=self.root, env=env, stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.proc.returncode} while "
                    f"starting:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.25)
        raise RuntimeError(
            f"JupyterLab did not answer /api/status within {SERVER_START_TIMEOUT} s:\n"
            f"{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def delete_sessions(self, path: str | None = None) -> None:
        """Delete sessions (all, or the one for `path`); this stops their kernels."""
        try:
            sessions = self.api("GET", "/api/sessions")
        except Exception:
            return
        for s in sessions:
            if path is None or s.get("path") == path:
                try:
                    self.api("DELETE", f"/api/sessions/{s['id']}")
                except Exception:
                    pass

    def shutdown_kernels(self) -> None:
        try:
            kernels = self.api("GET", "/api/kernels")
        except Exception:
            return
        for k in kernels:
            try:
                self.api("DELETE", f"/api/kernels/{k['id']}")
            except Exception:
                pass

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.delete_sessions()
            self.shutdown_kernels()
            try:
                self.proc.send_signal(signal.SIGTERM)
                # jupyter_server asks for confirmation on the first SIGINT only;
                # SIGTERM shuts it down directly.
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except OSError:
                    self.proc.kill()
                self.proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None


def _write_settings(base: Path) -> dict:
    """Throw-away Jupyter dirs with the news pop-up switched off; returns env."""
    dirs = {name: base / name for name in (
        "jupyter-config", "jupyter-data", "jupyter-runtime", "lab-user-settings",
        "lab-workspaces", "ipython", "mpl", "backsafe-data")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    for rel, content in LAB_SETTINGS.items():
        f = dirs["lab-user-settings"] / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(content))
    (dirs["jupyter-config"] / "jupyter_server_config.json").write_text(
        json.dumps(SERVER_CONFIG))
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["jupyter-config"]),
        JUPYTER_DATA_DIR=str(dirs["jupyter-data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["jupyter-runtime"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["lab-user-settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["lab-workspaces"]),
        IPYTHONDIR=str(dirs["ipython"]),
        MPLCONFIGDIR=str(dirs["mpl"]),
        BACKSAFE_DATA_DIR=str(dirs["backsafe-data"]),
        JUPYTER_PLATFORM_DIRS="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    # Keep the user's site config out: only the environment's own share/jupyter.
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    return env


def _check_course_importable(root: Path, env: dict) -> None:
    """Fail early, with the cause, if the kernel cannot import the course."""
    probe = ("import backsafe, sys; "
             "sys.exit(0 if getattr(backsafe, '__file__', None) else 3)")
    r = subprocess.run([sys.executable, "-c", probe], cwd=root, env=env,
                       capture_output=True, text=True, timeout=60)
    if r.returncode == 3:
        pytest.fail(
            "`import backsafe` outside the repository gives a namespace package "
            "(backsafe/__init__.py is not run): the editable install is stale. "
            "Reinstall it with `.venv/bin/pip install -e .` (or `make` the venv "
            "again).", pytrace=False)
    if r.returncode != 0:
        pytest.fail(f"The kernel's Python cannot import backsafe:\n{r.stderr}",
                    pytrace=False)


def _unavailable(reason: str):
    """Skip, or fail where the browser test is required (BSLD_REQUIRE_BROWSER=1, CI)."""
    if os.environ.get("BSLD_REQUIRE_BROWSER", "") not in ("", "0"):
        pytest.fail(f"{reason} (and BSLD_REQUIRE_BROWSER is set)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_api():
    exe = chromium_path()
    if exe is None:
        where = (f"BSLD_CHROMIUM={os.environ['BSLD_CHROMIUM']} does not exist"
                 if os.environ.get("BSLD_CHROMIUM") else
                 "/usr/bin/chromium is absent and `chromium` is not on PATH")
        _unavailable(f"Chromium is not installed: {where} "
                     "(Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"The playwright package is not importable ({exc}); "
                     "pip install playwright (never `playwright install`)")
    pw = sync_playwright().start()
    try:
        yield pw, exe
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def browser(playwright_api):
    pw, exe = playwright_api
    b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """A copy of notebooks/ that the server serves (learners' files untouched)."""
    root = tmp_path_factory.mktemp("lab-root")
    if NOTEBOOKS.is_dir():
        shutil.copytree(NOTEBOOKS, root, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return root


@pytest.fixture(scope="session")
def lab_server(browser, lab_root, tmp_path_factory):
    """JupyterLab on 127.0.0.1; stopped (sessions, kernels, process) at teardown."""
    base = tmp_path_factory.mktemp("lab-home")
    env = _write_settings(base)
    _check_course_importable(lab_root, env)
    server = LabServer(lab_root, base)
    try:
        server.start(env)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser_context(browser):
    """One context for the session, so JupyterLab's scripts come from the cache
    after the first page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context
    finally:
        context.close()


def decode_kernel_frame(payload):
    """(channel, header, parent_header, content) of a kernel websocket frame:
    JupyterLab 4 speaks the binary v1 protocol (offsets, then the parts);
    a text frame is the older JSON protocol."""
    try:
        if isinstance(payload, str):
            msg = json.loads(payload)
            return (msg.get("channel"), msg.get("header", {}),
                    msg.get("parent_header", {}), msg.get("content", {}))
        n = int.from_bytes(payload[:8], "little")
        offsets = [int.from_bytes(payload[8 * (i + 1):8 * (i + 2)], "little")
                   for i in range(n)]
        part = lambda i: payload[offsets[i]:offsets[i + 1]]  # noqa: E731
        channel = part(0).decode("utf-8")
        if channel != "iopub":
            return None
        header = json.loads(part(1))
        if header.get("msg_type") not in ("error", "stream"):
            return None
        return channel, header, json.loads(part(2)), json.loads(part(4))
    except Exception:
        return None


def _watch_kernel(page, sink: list) -> None:
    """Record errors and stderr the kernel sends. Those caused by a widget
    callback (parent message comm_msg) go to JupyterLab's log console, where
    a learner never looks: the test must catch them here."""
    def on_frame(payload):
        msg = decode_kernel_frame(payload)
        if msg is None:
            return
        _, header, parent, content = msg
        kind = header.get("msg_type")
        if kind == "stream" and content.get("name") != "stderr":
            return
        text = (f"{content.get('ename')}: {content.get('evalue')}" if kind == "error"
                else content.get("text", ""))
        sink.append({"time": time.monotonic(), "type": kind, "text": text,
                     "parent": parent.get("msg_type", "")})

    def on_ws(ws):
        if "/api/kernels/" in ws.url:
            ws.on("framereceived", on_frame)

    page.on("websocket", on_ws)


@pytest.fixture
def lab_page(browser_context, lab_server):
    """A fresh page; all sessions (kernels) are deleted afterwards."""
    page = browser_context.new_page()
    page.set_default_timeout(20_000)
    page.bsld_console = []  # browser console errors, for failure messages
    page.bsld_kernel = []   # kernel errors / stderr seen on the websocket
    page.on("console", lambda m: m.type == "error" and page.bsld_console.append(m.text))
    page.on("pageerror", lambda e: page.bsld_console.append(f"pageerror: {e}"))
    _watch_kernel(page, page.bsld_kernel)
    try:
        yield page
    finally:
        try:
            page.close()
        finally:
            lab_server.delete_sessions()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class _Reports(dict):
    """Per-notebook timings and counts. Each is attached to its test's report as a
    user property, so the summary is printed also when tests run on xdist workers."""

    def __init__(self, request):
        super().__init__()
        self._request = request

    def line(self, text: str) -> None:
        """A free-form line for the summary."""
        self._request.node.user_properties.append(("browser_summary", text))

    def __setitem__(self, name, r):
        super().__setitem__(name, r)
        self.line(
            f"{name:26s} total {r.get('t_total', 0):5.1f} s (open {r.get('t_open', 0):4.1f} "
            f"[page {r.get('t_page', 0):3.1f}], "
            f"run all {r.get('t_run', 0):4.1f}, inspect {r.get('t_inspect', 0):4.1f}, "
            f"quiz {r.get('t_quiz', 0):4.1f}, explorers {r.get('t_explore', 0):4.1f}, "
            f"screenshot {r.get('t_shot', 0):4.1f} s); "
            f"cells {r.get('cells', '?')}, "
            f"widget views {r.get('widgets', '?')}, quizzes {r.get('quizzes', '?')}, "
            f"explorers {r.get('explorers', '?')}, controls moved {len(r.get('actions', []))}, "
            f"problems {len(r.get('problems', []))}")


@pytest.fixture
def browser_reports(request) -> dict:
    """Where a test puts its per-notebook timings and counts (terminal summary)."""
    return _Reports(request)
