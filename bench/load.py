"""Pages under load: Yunting vs a bare one-template Django app on the same server setup.

Creates a scratch PostgreSQL database (demo data plus ``--cases`` cases for the demo lawyer
and a few accepted filings with their documents), starts ``yunting serve`` with production
settings and, next to it, the bare app of ``bench/bare`` under the same uvicorn options and
settings; drives each page with ``--connections`` concurrent keep-alive clients (wrk, from
Debian) for ``--duration`` seconds, logged in as the right person; prints req/s, p50/p95/p99
latency and errors per page, and each page's ratio to the bare app. Then a single keep-alive
client on /healthz (the per-response latency). Loopback only; every process it starts is
stopped and the scratch database dropped at the end (``--keep`` keeps it).

    .venv/bin/python bench/load.py [--duration 30] [--connections 50] [--cases 5000]
        [--database-url postgres://postgres@127.0.0.1:5432/yunting_load] [--port 8150]

``--python``/``--src`` serve another checkout (e.g. main, for a before/after); the bare app
then uses the server options that checkout's ``yunting serve`` uses (``--http h11`` for a
uvicorn without httptools). Prints figures; asserts no time.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50":%d,"p95":%d,"p99":%d,"errors":%d,"status":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def uptime() -> str:
    out = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    return "load " + out.strip().split("load average:")[-1].strip()


def scratch_database(url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from dj_database_url import parse

    cfg = parse(url)
    name = cfg["NAME"]
    admin = psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1",
        port=cfg["PORT"] or 5432,
        user=cfg["USER"] or "postgres",
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            admin.execute(f'CREATE DATABASE "{name}"')


def prepare(cases: int) -> dict:
    """Migrate, seed, and log the people in; returns their session cookies and a case id."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    from tests.cases.factories import make_case
    from tests.filing.factories import complete_filing
    from yunting.accounts.models import User
    from yunting.courts.models import Court
    from yunting.demo.people import seed_demo
    from yunting.documents.requests import document_requests_run_pending
    from yunting.filing import services

    seed_demo()
    court = Court.objects.get(code="沪0105")
    lawyer = User.objects.get(phone="13900000003")
    officer = User.objects.get(phone="13900000011")
    judge = User.objects.get(phone="13900000012")
    t0 = time.perf_counter()
    accepted = []
    for _ in range(3):
        filing = services.filing_submit(
            filing=complete_filing(user=lawyer, court=court, as_lawyer=True), user=lawyer
        )
        accepted.append(services.filing_accept(filing=filing, officer=officer))
    for _ in range(5):  # some left in the review queue
        services.filing_submit(
            filing=complete_filing(user=lawyer, court=court, as_lawyer=True), user=lawyer
        )
    document_requests_run_pending()
    for i in range(max(0, cases - lawyer.agencies.count())):
        make_case(court=court, lawyer=lawyer)
        if i and i % 1000 == 0:
            print(f"  {i} cases …", flush=True)
    print(f"  data ready in {time.perf_counter() - t0:.0f} s ({lawyer.agencies.count()} cases)")

    def cookie(user) -> str:
        client = Client()
        client.force_login(user)
        return "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())

    return {
        "lawyer": cookie(lawyer),
        "officer": cookie(officer),
        "judge": cookie(judge),
        "anonymous": "",
        "case": str(accepted[0].id),
    }


def start(cmd: list[str], env: dict, port: int, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{cmd[:4]} exited: see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            time.sleep(0.5)
    stop(proc)
    raise RuntimeError(f"{cmd[:4]} did not answer on port {port}: see {log}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def check(url: str, cookie: str) -> int:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def wrk(url: str, cookie: str, connections: int, duration: int, script: Path) -> dict:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", script]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*map(str, cmd), url], capture_output=True, text=True, timeout=duration + 60, check=True
    ).stdout
    row = json.loads(out.strip().splitlines()[-1])
    row["rps"] = row["requests"] / (row["duration_us"] / 1e6)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/yunting_load")
    parser.add_argument("--python", default=sys.executable, help="interpreter of the server")
    parser.add_argument("--src", default=str(ROOT / "src"), help="source tree of the server")
    parser.add_argument("--pages", default="", help="comma-separated page names (default all)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    # stopped from outside (SIGTERM): still stop the servers and drop the scratch database
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    tmp = Path(tempfile.mkdtemp(prefix="yt-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "YUNTING_ENV": "production",
        "SECRET_KEY": "bench-load-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "YUNTING_STAFF_2FA_REQUIRED": "false",
        "YUNTING_PUBLIC_PAGE_RATE": "100000000",  # the rate limit would answer 429 to wrk
        "DB_POOL": os.environ.get("DB_POOL", "on"),
        "YUNTING_VAR_DIR": str(tmp),
        "DJANGO_SETTINGS_MODULE": "yunting.settings",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    server_env = {**env, "PYTHONPATH": f"{args.src}{os.pathsep}{ROOT}"}
    modern = (
        "--access-log" in Path(args.src, "yunting/core/management/commands/serve.py").read_text()
    )
    procs: list[subprocess.Popen] = []
    try:
        print(f"scratch database {args.database_url}; {uptime()}")
        scratch_database(args.database_url)
        who = prepare(args.cases)
        from django.db import connections

        connections.close_all()
        case = who["case"]
        pages = [
            ("portal home", "/portal/", "lawyer"),
            ("case list", "/cases/", "lawyer"),
            ("case detail", f"/cases/{case}/", "lawyer"),
            ("case parties", f"/cases/{case}/?tab=parties", "lawyer"),
            ("case documents", f"/cases/{case}/?tab=documents", "lawyer"),
            ("case log", f"/cases/{case}/?tab=log", "lawyer"),
            ("fee orders", "/fees/orders/", "lawyer"),
            ("fee calculator", "/fees/calculator/", "anonymous"),
            ("review queue", "/filing/review/", "officer"),
            ("workbench home", "/workbench/", "judge"),
            ("workbench case", f"/cases/{case}/", "judge"),
        ]
        if args.pages:
            wanted = {p.strip() for p in args.pages.split(",")}
            pages = [p for p in pages if p[0] in wanted]
        site_port, bare_port = args.port, args.port + 1
        serve = [args.python, "-m", "yunting.cli", "serve", "--port", str(site_port)]
        procs.append(
            start([*serve, "--workers", str(args.workers)], server_env, site_port, tmp / "site.log")
        )
        uvicorn_opts = (
            ["--http", "httptools", "--loop", "uvloop", "--no-access-log"]
            if modern
            else ["--http", "h11", "--loop", "asyncio"]
        )
        bare = [
            args.python,
            "-m",
            "uvicorn",
            "bench.bare.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(bare_port),
            "--workers",
            str(args.workers),
            "--lifespan",
            "off",
            *uvicorn_opts,
        ]
        procs.append(start(bare, server_env, bare_port, tmp / "bare.log"))
        script = tmp / "report.lua"
        script.write_text(LUA)
        base = f"http://127.0.0.1:{site_port}"
        for name, path, user in pages:
            status = check(base + path, who[user])
            if status != 200:
                raise RuntimeError(f"{name} {path} answers {status} for {user}")
        print(
            f"server: {'httptools+uvloop, no access log' if modern else 'h11, access log'}; "
            f"{args.workers} workers; {args.connections} keep-alive clients, "
            f"{args.duration} s per page"
        )
        results = []
        ref = wrk(f"http://127.0.0.1:{bare_port}/", "", args.connections, args.duration, script)
        print(
            f"{'page':<16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'errors':>6} {'ratio':>6}  load"
        )
        print(
            f"{'bare Django':<16} {ref['rps']:8.1f} {ref['p50'] / 1000:8.1f} "
            f"{ref['p95'] / 1000:8.1f} {ref['p99'] / 1000:8.1f} "
            f"{ref['errors'] + ref['status']:6d} {1:6.2f}  {uptime()}",
            flush=True,
        )
        for name, path, user in pages:
            row = wrk(base + path, who[user], args.connections, args.duration, script)
            results.append((name, row))
            print(
                f"{name:<16} {row['rps']:8.1f} {row['p50'] / 1000:8.1f} "
                f"{row['p95'] / 1000:8.1f} {row['p99'] / 1000:8.1f} "
                f"{row['errors'] + row['status']:6d} {row['rps'] / ref['rps']:6.2f}  "
                f"{uptime()}",
                flush=True,
            )
        alive = wrk(base + "/healthz", "", 1, min(args.duration, 10), script)
        print(
            f"/healthz, one keep-alive client: p50 {alive['p50'] / 1000:.2f} ms, "
            f"p99 {alive['p99'] / 1000:.2f} ms, {alive['rps']:.0f} req/s  {uptime()}"
        )
    finally:
        for proc in procs:
            stop(proc)
        if not args.keep:
            try:
                scratch_database(args.database_url, drop_only=True)
            except Exception as exc:  # report, never hide the benchmark's own error
                print(f"scratch database not dropped: {exc}")


if __name__ == "__main__":
    main()
