"""Stopping ``yunting demo`` stops every child: real processes, real signals.

The demo gives its children a grace period (``STOP_GRACE_SECONDS``, 4 s) after SIGTERM and then
kills what is left; the ledger signer wakes on SIGTERM at once instead of sleeping through it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
YUNTING = [sys.executable, "-m", "yunting.cli"]


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YUNTING_")}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_HOST"):
        env.pop(name, None)
    env["YUNTING_VAR_DIR"] = str(var_dir)
    return env


def _catches_sigterm(pid: int) -> bool:
    """Whether the process has installed a SIGTERM handler (Linux /proc SigCgt mask)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    mask = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("SigCgt")), 16)
    return bool(mask & (1 << (signal.SIGTERM - 1)))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def _wait_for(predicate, *, limit: float = 300, step: float = 0.2) -> bool:
    """Poll ``predicate`` (a generous limit for a loaded machine; not a timing assertion)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo-var")
    subprocess.run(
        [*YUNTING, "migrate", "--verbosity", "0"],
        env=_env(path),
        cwd=REPO,
        check=True,
        timeout=600,
    )
    return path


def test_the_ledger_signer_wakes_on_sigterm(var_dir):
    signer = subprocess.Popen(
        [*YUNTING, "ledger", "sign", "--every", "60"], env=_env(var_dir), cwd=REPO
    )
    try:
        assert _wait_for(lambda: _catches_sigterm(signer.pid))
        signer.send_signal(signal.SIGTERM)
        # it must end well before its 60-second sleep would
        assert signer.wait(timeout=30) == 0
    finally:
        if signer.poll() is None:
            signer.kill()
            signer.wait()


def test_sigterm_to_the_demo_stops_every_child(var_dir):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    demo = subprocess.Popen(
        [*YUNTING, "demo", "--port", str(port)],
        env=_env(var_dir),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[int] = []
    try:

        def up() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    return True
            except OSError:
                return False

        assert _wait_for(up), "the demo did not come up"
        children = _children(demo.pid)
        assert len(children) == 3  # worker, ledger signer, test SMS provider
        assert _wait_for(lambda: all(_catches_sigterm(pid) for pid in children))
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=60)
        assert [pid for pid in children if _alive(pid)] == []
    finally:
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if demo.poll() is None:
            demo.kill()
            demo.wait()
