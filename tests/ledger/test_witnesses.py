"""Three witness processes on loopback against the live log (issue 22): quorum, restart and
resume, and a forged split view detected and reported with both signed heads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import transaction

from tests.ledger.ledger_helpers import SampleEvent
from yunting.ledger import keys, note, services, witnessing
from yunting.ledger.models import SplitViewAlarm
from yunting.ledger.selectors import chain_status

pytestmark = pytest.mark.django_db(transaction=True)

YUNTING = str(Path(sys.executable).parent / "yunting")
FORGED_PORT = 8161  # this helper's port range (81x0-81x9, x = 6)


def _grow(n: int) -> int:
    with transaction.atomic():
        for i in range(n):
            services.record(SampleEvent.NOTE, payload={"n": i})
    return services.sign_tree_head().tree_size


def _env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env["YUNTING_VAR_DIR"] = str(tmp_path / "witness-var")
    return env


def _yunting(tmp_path: Path, *args: str) -> list[dict]:
    done = subprocess.run(
        [YUNTING, "witness", *args],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _run_all(tmp_path: Path, dirs: list[Path]) -> list[list[dict]]:
    """The witnesses' rounds as separate processes at the same time."""
    procs = [
        subprocess.Popen(
            [YUNTING, "witness", "run", "--dir", str(d), "--once"],
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for d in dirs
    ]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=180)
        assert p.returncode == 0, stderr
        out.append([json.loads(line) for line in stdout.splitlines() if line.startswith("{")])
    return out


@pytest.fixture
def witnesses(live_server, tmp_path, settings):
    settings.YUNTING_WITNESS_QUORUM = 2
    _grow(3)
    log_vkey = witnessing.log_vkey()
    dirs = []
    for n in range(3):
        d = tmp_path / f"w{n}"
        (vkey_line,) = _yunting(
            tmp_path,
            "init",
            "--dir",
            str(d),
            "--name",
            f"court-{n}.example/witness",
            "--log-key",
            log_vkey,
            "--log",
            live_server.url,
        )
        witnessing.witness_add(name="", vkey=vkey_line["vkey"], organisation=f"第{n + 1}中级法院")
        dirs.append(d)
    return dirs


def test_three_witnesses_reach_quorum_and_resume_after_restart(witnesses, tmp_path):
    size = services.sign_tree_head().tree_size
    rounds = _run_all(tmp_path, witnesses)
    for events in rounds:
        assert events[0] == {
            "event": "start",
            "name": events[0]["name"],
            "resume_from": 0,
        }
        assert events[1]["event"] == "cosigned" and events[1]["tree_size"] == size
    status = witnessing.head_witnessing(size)
    assert status["witnessed"] and len(status["cosigners"]) == 3
    assert chain_status()["latest_witnessed_size"] == size
    # the published note carries all three cosignatures, checkable with the C2SP rules
    text = witnessing.checkpoint_note(witnessing.checkpoint_at(size))
    verifiers = witnessing.witness_verifiers()
    assert len(note.cosigners(note.parse_note(text), verifiers)) == 3

    # the log grows; witness 0 is restarted and resumes from the head it cosigned
    bigger = _grow(5)
    (events,) = _run_all(tmp_path, witnesses[:1])
    assert events[0]["resume_from"] == size
    assert events[1] == {
        "event": "cosigned",
        "source": events[1]["source"],
        "tree_size": bigger,
        "detail": "",
    }
    assert not witnessing.head_witnessing(bigger)["witnessed"]  # one of two so far
    _run_all(tmp_path, witnesses[1:2])
    assert witnessing.head_witnessing(bigger)["witnessed"]
    # a round with nothing new cosigns nothing again
    (again,) = _run_all(tmp_path, witnesses[:1])
    assert again[1]["event"] == "unchanged"
    state = json.loads((witnesses[0] / "state.json").read_text())
    assert state["tree_size"] == bigger


class _Forged(BaseHTTPRequestHandler):
    """A log operator showing another history to some: same size, another root."""

    answer: dict = {}

    def do_GET(self):
        body = json.dumps(self.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(201)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def forged_server():
    server = ThreadingHTTPServer(("127.0.0.1", FORGED_PORT), _Forged)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_forged_split_view_is_detected_and_reported_with_both_heads(
    witnesses, tmp_path, live_server, forged_server
):
    size = services.sign_tree_head().tree_size
    _run_all(tmp_path, witnesses)
    honest = witnessing.checkpoint_note(witnessing.checkpoint_at(size), cosignatures=False)
    # the operator holds the key: it signs a second checkpoint of the same size
    _kid, private = keys.signing_key()
    origin = services.log_origin()
    body = note.Checkpoint(origin, size, b"\x07" * 32).body
    forged = note.Note(body, (note.sign_note(body, origin, private),)).text
    _Forged.answer = {
        "origin": origin,
        "tree_size": size,
        "checkpoint": forged,
        "old_size": size,
        "consistency_proof": [],
    }
    # witness 2 also reads a mirror: the forged one
    config_path = witnesses[2] / "config.json"
    config = json.loads(config_path.read_text())
    config["logs"] = [live_server.url, f"http://127.0.0.1:{FORGED_PORT}"]
    config_path.write_text(json.dumps(config))
    (events,) = _run_all(tmp_path, witnesses[2:])
    alarm = next(e for e in events if e["event"] == "alarm")
    assert alarm["tree_size"] == size and "same_size" in alarm["detail"]
    # the witness kept both signed heads as its proof ...
    (kept,) = [json.loads(x) for x in (witnesses[2] / "alarms.jsonl").read_text().splitlines()]
    assert kept["notes"] == [honest, forged]
    # ... and the log received them, verified as signed by its own key
    stored = SplitViewAlarm.objects.get()
    assert stored.reporter == "court-2.example/witness"
    assert {stored.first_note, stored.second_note} == {honest, forged}
    assert chain_status()["alarms"][0]["tree_size"] == size
    # the forged head was never cosigned
    assert json.loads((witnesses[2] / "state.json").read_text())["note"] == honest


def test_an_inconsistent_larger_head_raises_an_alarm(witnesses, tmp_path, forged_server):
    size = services.sign_tree_head().tree_size
    _run_all(tmp_path, witnesses[:1])
    _kid, private = keys.signing_key()
    origin = services.log_origin()
    body = note.Checkpoint(origin, size + 10, b"\x09" * 32).body
    forged = note.Note(body, (note.sign_note(body, origin, private),)).text
    _Forged.answer = {
        "origin": origin,
        "tree_size": size + 10,
        "checkpoint": forged,
        "old_size": size,
        "consistency_proof": [],
    }
    config_path = witnesses[0] / "config.json"
    config = json.loads(config_path.read_text())
    config["logs"] = [f"http://127.0.0.1:{FORGED_PORT}"]
    config_path.write_text(json.dumps(config))
    (events,) = _run_all(tmp_path, witnesses[:1])
    assert events[1]["event"] == "alarm" and "inconsistent" in events[1]["detail"]


def test_alarms_without_the_logs_signature_are_refused(witnesses):
    from yunting.ledger.errors import LedgerError

    size = services.sign_tree_head().tree_size
    honest = witnessing.checkpoint_note(witnessing.checkpoint_at(size), cosignatures=False)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    origin = services.log_origin()
    body = note.Checkpoint(origin, size, b"\x07" * 32).body
    fake = note.Note(body, (note.sign_note(body, origin, Ed25519PrivateKey.generate()),)).text
    with pytest.raises(LedgerError):
        witnessing.alarm_report(reporter="x", notes=[honest, fake], reason="same_size")
    with pytest.raises(LedgerError):
        witnessing.alarm_report(reporter="x", notes=[honest, honest], reason="same_size")
