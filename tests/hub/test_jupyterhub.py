"""The multi-user path: a real JupyterHub on 127.0.0.1 with two learners.

JupyterHub (from PyPI) with configurable-http-proxy (npm, installed by this
test into build/hub-npm when missing), DummyAuthenticator with a password, and
SimpleLocalProcessSpawner giving each user a home folder under a temporary
directory. Both users log in through the login form, start their servers, and
check a quiz in their own kernel at the same moment. Each user's progress must
land in *their* home's progress file, and nowhere else. Hub, proxy, servers
and kernels are stopped at the end, and the test checks none is left.
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.conftest import _free_port, _unavailable

pytestmark = pytest.mark.hub

REPO = Path(__file__).resolve().parents[2]
NPM_PREFIX = REPO / "build" / "hub-npm"
PROXY = NPM_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy"
USERS = {"alice": 1, "bob": 2}        # user -> how many times they press Check
PASSWORD = "back-safe"
START_TIMEOUT = 120                   # s: hub, proxy and a single-user server, 2 busy cores

CHECK_QUIZ = """
import json, os
from backsafe import quiz_widget
from backsafe.store import FILENAME, data_dir

quiz = quiz_widget("anatomy")
view = quiz.views[0]
q = view.question
if q.type == "multiple":
    for o in q.options:
        view.boxes[o.id].value = o.correct
elif q.type == "numeric":
    view.control.value = str(q.answer)
else:
    view.control.value = next(o.id for o in q.options if o.correct)

def walk(w):
    yield w
    for c in getattr(w, "children", ()):
        yield from walk(c)

check = next(w for w in walk(quiz) if "bsld-check" in w._dom_classes)
for _ in range({presses}):
    check.click()
status = next(w for w in walk(quiz) if "bsld-store-status" in w._dom_classes).value
print(json.dumps({{"home": os.environ["HOME"], "file": str(data_dir() / FILENAME),
                  "status": status}}))
"""


def proxy_command() -> str:
    """configurable-http-proxy, installed from npm into build/ when missing."""
    if PROXY.exists():
        return str(PROXY)
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is not installed, so configurable-http-proxy cannot be "
                     "installed (Debian: apt-get install npm)")
    r = subprocess.run([npm, "install", "--prefix", str(NPM_PREFIX), "--no-audit",
                        "--no-fund", "--loglevel=error", "configurable-http-proxy@4"],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0 or not PROXY.exists():
        pytest.fail(f"npm could not install configurable-http-proxy:\n{r.stderr[-2000:]}",
                    pytrace=False)
    return str(PROXY)


def hub_config(root: Path, proxy: str) -> tuple[Path, dict]:
    """A jupyterhub_config.py in `root`; returns it and the ports."""
    ports = {"public": _free_port(), "hub": _free_port(), "api": _free_port()}
    secret = root / "cookie_secret"
    secret.write_text(secrets.token_hex(32))
    secret.chmod(0o600)
    args = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    config = f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports['public']}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports['hub']}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports['api']}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {str(root / 'proxy.pid')!r}
c.JupyterHub.db_url = "sqlite:///{root / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(secret)!r}
c.JupyterHub.pid_file = {str(root / 'hub.pid')!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allowed_users = {set(USERS)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(root / 'homes' / '{username}')!r}
c.Spawner.cmd = [{sys.executable!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {args!r}
c.Spawner.start_timeout = {START_TIMEOUT}
c.Spawner.http_timeout = {START_TIMEOUT}
c.Spawner.environment = {{"MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
"""
    path = root / "jupyterhub_config.py"
    path.write_text(config)
    return path, ports


def hub_env() -> dict:
    """The hub's environment, without anything that would point the users'
    progress somewhere other than their home."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BACKSAFE_", "JUPYTER", "XDG_", "IPYTHON"))}
    return env


class Hub:
    def __init__(self, root: Path):
        self.root = root
        self.config, self.ports = hub_config(root, proxy_command())
        self.url = f"http://127.0.0.1:{self.ports['public']}"
        self.log_path = root / "hub.log"
        self.proc: subprocess.Popen | None = None
        self.seen: set = set()           # every process of the hub's tree we saw

    def start(self) -> None:
        import requests

        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(self.config)],
                cwd=self.root, env=hub_env(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited ({self.proc.returncode}):\n{self.log()}")
            try:
                if requests.get(self.url + "/hub/api/", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"JupyterHub did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def remember_processes(self) -> None:
        import psutil

        try:
            self.seen |= {(p.pid, p.create_time())
                          for p in psutil.Process(self.proc.pid).children(recursive=True)}
        except psutil.NoSuchProcess:
            pass

    def stop(self) -> list[str]:
        """SIGTERM the hub (it stops the servers and the proxy); returns the
        processes still alive after that (and kills them)."""
        import psutil

        if self.proc is None:
            return []
        self.remember_processes()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        alive = []
        while True:
            alive = []
            for pid, created in self.seen:
                try:
                    p = psutil.Process(pid)
                    if p.create_time() == created and p.status() != psutil.STATUS_ZOMBIE:
                        alive.append(p)
                except psutil.NoSuchProcess:
                    pass
            if not alive or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        stray = [" ".join(p.cmdline())[:120] for p in alive]
        for p in alive:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        return stray


def login(hub: Hub, user: str):
    """A requests session logged in through the hub's login form."""
    import requests

    s = requests.Session()
    s.get(hub.url + "/hub/login", timeout=30).raise_for_status()
    xsrf = s.cookies.get("_xsrf")
    r = s.post(hub.url + "/hub/login?next=", timeout=60, allow_redirects=False,
               data={"username": user, "password": PASSWORD, "_xsrf": xsrf})
    assert r.status_code == 302, f"{user}: login gave HTTP {r.status_code}: {r.text[:300]}"
    # The XSRF token is tied to the login session: read the one issued after login.
    s.get(hub.url + "/hub/home", timeout=30).raise_for_status()
    s.headers["X-XSRFToken"] = [c.value for c in s.cookies if c.name == "_xsrf"][-1]
    return s


def start_server(hub: Hub, s, user: str) -> str:
    """Start the user's server through the hub API; returns a token for it."""
    r = s.post(f"{hub.url}/hub/api/users/{user}/server", timeout=60)
    assert r.status_code in (201, 202), f"{user}: spawn gave HTTP {r.status_code}: {r.text}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        model = s.get(f"{hub.url}/hub/api/users/{user}", timeout=30).json()
        server = model.get("servers", {}).get("", {})
        if server.get("ready"):
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"{user}'s server did not start:\n{hub.log()}")
    r = s.post(f"{hub.url}/hub/api/users/{user}/tokens", json={"note": "test"}, timeout=30)
    assert r.status_code == 201, f"{user}: token gave HTTP {r.status_code}: {r.text}"
    return r.json()["token"]


async def run_in_kernel(base: str, token: str, code: str, start: asyncio.Event,
                        connected) -> dict:
    """Start a kernel on a user's server, call `connected()`, run `code` once
    `start` is set, and return what it printed (stdout) and any error."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Authorization": f"token {token}"}
    client = AsyncHTTPClient()
    resp = await client.fetch(HTTPRequest(f"{base}/api/kernels", method="POST", body="{}",
                                          headers=headers, request_timeout=START_TIMEOUT))
    kernel = json.loads(resp.body)["id"]
    ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    ws = await websocket_connect(HTTPRequest(ws_url, headers=headers,
                                             request_timeout=START_TIMEOUT))
    out, errors = [], []
    try:
        connected()
        await asyncio.wait_for(start.wait(), timeout=START_TIMEOUT)
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False,
                        "stop_on_error": True}}))
        while True:
            raw = await asyncio.wait_for(ws.read_message(), timeout=START_TIMEOUT)
            assert raw is not None, "the kernel's websocket closed"
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == "stream" and content.get("name") == "stdout":
                out.append(content["text"])
            elif kind == "error":
                errors.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                break
    finally:
        ws.close()
        await client.fetch(HTTPRequest(f"{base}/api/kernels/{kernel}", method="DELETE",
                                       headers=headers), raise_error=False)
    return {"stdout": "".join(out), "errors": errors}


async def both_at_once(hub: Hub, tokens: dict) -> dict:
    """Each user's quiz in their own kernel, both executions released together."""
    start, connected = asyncio.Event(), []

    def ready(user):
        connected.append(user)
        if len(connected) == len(USERS):
            start.set()

    tasks = {user: run_in_kernel(f"{hub.url}/user/{user}", tokens[user],
                                 CHECK_QUIZ.format(presses=presses), start,
                                 lambda user=user: ready(user))
             for user, presses in USERS.items()}
    results = await asyncio.gather(*tasks.values())
    return dict(zip(tasks, results))


def progress_files(root: Path) -> list[Path]:
    """Progress files under `root`, not looking into environments or build output."""
    skip = {".venv", "build", ".git", "node_modules", ".pytest_cache"}
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip]
        found += [Path(folder, f) for f in files if f.startswith("progress.sqlite3")]
    return sorted(found)


def test_two_learners_on_one_hub_keep_their_own_progress(tmp_path):
    t0 = time.monotonic()
    root = tmp_path / "hub"
    (root / "homes").mkdir(parents=True)
    repo_before = progress_files(REPO)
    hub = Hub(root)
    stray: list[str] = []
    try:
        hub.start()
        sessions = {user: login(hub, user) for user in USERS}
        tokens = {user: start_server(hub, sessions[user], user) for user in USERS}
        hub.remember_processes()
        t_ready = time.monotonic() - t0
        # In a thread of its own: Playwright (browser tests in the same run)
        # keeps an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            results = pool.submit(lambda: asyncio.run(both_at_once(hub, tokens))).result()
        hub.remember_processes()
        for user, s in sessions.items():       # a learner stops their own server
            s.delete(f"{hub.url}/hub/api/users/{user}/server", timeout=60)
    finally:
        stray = hub.stop()

    homes = {user: root / "homes" / user for user in USERS}
    for user, presses in USERS.items():
        got = results[user]
        assert not got["errors"], f"{user}'s kernel raised {got['errors']}"
        report = json.loads(got["stdout"].strip().splitlines()[-1])
        assert report["home"] == str(homes[user]), "HOME is the user's own folder"
        own = Path(report["file"])
        assert own.is_relative_to(homes[user]), f"{user}'s progress went to {own}"
        assert "Saved to your progress" in report["status"], report["status"]
        with sqlite3.connect(f"{own.as_uri()}?mode=ro", uri=True) as db:
            attempts = db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
            submissions = db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
            lessons = {r[0] for r in db.execute("SELECT DISTINCT lesson FROM attempts")}
        assert (submissions, lessons) == (presses, {"anatomy"}), \
            f"{user} pressed Check {presses} time(s); their file holds {submissions}"
        assert attempts == presses

    expected = sorted(h / ".local/share/backsafe-legday/progress.sqlite3"
                      for h in homes.values())
    found = [p for p in progress_files(tmp_path) if p.name == "progress.sqlite3"]
    assert found == expected, "progress files anywhere but in the two homes"
    assert progress_files(REPO) == repo_before, "progress written into the repository"
    assert len(hub.seen) >= 3, "the proxy and both servers were watched while running"
    assert not stray, f"processes left running after the hub stopped: {stray}"
    print(f"\nhub: two servers ready after {t_ready:.1f} s; "
          f"test total {time.monotonic() - t0:.1f} s")
