"""Service tasks dispatched per second through the e-mail and SMS adapters to local servers.

Standalone: a throwaway SQLite database (or ``--database-url``), the demo court, N cases
whose defendant confirmed an e-mail address and a mobile (consenting to both); each task is
dispatched by e-mail and SMS, then ``--workers`` threads run the queued sends — the same
``service.tasks.attempt_run`` the worker runs — against aiosmtpd and the local HMAC SMS test
provider on loopback. Counted: from the first send to the last recorded outcome. The sealed
receipts that follow each completed service are left queued (their rate is bench/documents.py).

    .venv/bin/python bench/service.py [--tasks 300] [--workers 2]

Aim (issue 15): at least 100 tasks per second with 2 workers.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path


class _Sink:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--sign-interval",
        type=float,
        default=0,
        help="YUNTING_LEDGER_SIGN_INTERVAL: 0 signs a tree head after every write transaction "
        "(the default); at scale `ledger sign --every 60` covers the rest",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run the sends in one thread under cProfile and print where the time goes",
    )
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="yunting-bench-service-")
    os.environ["YUNTING_VAR_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "yunting.settings"
    os.environ.pop("REDIS_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from yunting.accounts.models import User
    from yunting.courts.models import Court
    from yunting.demo.people import seed_demo
    from yunting.notify.sms import sms_key
    from yunting.notify.testprovider import TestSmsProvider
    from yunting.service.addresses import address_confirm
    from yunting.service.models import ServiceAttempt, ServiceTask
    from yunting.service.services import service_dispatch
    from yunting.service.tasks import attempt_run

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.service.factories import defendant, issue, make_service_case

    call_command("migrate", verbosity=0)
    seed_demo()
    court = Court.objects.get(code="沪0105")
    judge = User.objects.get(phone="13900000012")
    officer = User.objects.get(phone="13900000016")

    sink = _Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(sink, hostname="127.0.0.1", port=port)
    smtp.start()
    provider = TestSmsProvider(key=sms_key()).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.YUNTING_SMS_URL = provider.url
    settings.YUNTING_LEDGER_SIGN_INTERVAL = args.sign_interval

    t0 = time.perf_counter()
    cases = max(1, args.tasks // 2)
    for i in range(cases):  # two documents per case: a response notice and a payment notice
        with transaction.atomic():
            case = make_service_case(court=court, judge=judge, defendant_id=f"91310105MA{i:08d}")
            address_confirm(
                party=defendant(case),
                actor=officer,
                source="express",
                email=f"d{i}@bench.example",
                mobile=f"139{i:08d}",
                consent={"email", "sms"},
            )
            for code in ("response_notice", "payment_notice")[: 2 if i * 2 + 1 < args.tasks else 1]:
                issue(case, judge, code)
    tasks = list(ServiceTask.objects.all())
    for task in tasks:
        service_dispatch(task=task, channels=["email", "sms"], actor=officer)
    setup = time.perf_counter() - t0
    ids = [str(a) for a in ServiceAttempt.objects.values_list("id", flat=True)]
    connection.close()

    chunks = [ids[w :: args.workers] for w in range(args.workers)]
    errors: list[BaseException] = []
    queries, queries_lock = [0], threading.Lock()  # SQL statements the sends ran (load-free)

    def work(chunk: list[str]) -> None:
        from django.core.mail import get_connection
        from django.db import connection as conn

        smtp_conn = get_connection(fail_silently=False)
        smtp_conn.open()

        def count(execute, sql, params, many, context):
            with queries_lock:
                queries[0] += 1
            return execute(sql, params, many, context)

        try:
            with conn.execute_wrapper(count):
                for attempt_id in chunk:
                    attempt_run(attempt_id, connection=smtp_conn)
        except BaseException as exc:
            errors.append(exc)
        finally:
            smtp_conn.close()
            conn.close()

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        t1 = time.perf_counter()
        profiler.runcall(work, ids)
        elapsed = time.perf_counter() - t1
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    else:
        threads = [threading.Thread(target=work, args=(c,)) for c in chunks]
        t1 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t1
    smtp.stop()
    provider.stop()
    if errors:
        raise errors[0]
    served = ServiceTask.objects.filter(status="served").count()
    print(
        f"setup: {len(tasks)} tasks in {setup:.1f} s ({connection.vendor}), "
        f"ledger sign interval {args.sign_interval:g} s"
    )
    print(f"attempts sent: {len(ids)} ({sink.count} e-mails, {len(provider.messages)} SMS)")
    print(f"tasks served: {served}/{len(tasks)}")
    print(f"queries: {queries[0] / max(1, len(ids)):.1f} per send ({queries[0]} in all)")
    print(
        f"dispatch: {len(tasks) / elapsed:.1f} tasks/s ({len(ids) / elapsed:.1f} sends/s) "
        f"with {args.workers} workers in {elapsed:.2f} s"
    )


if __name__ == "__main__":
    main()
