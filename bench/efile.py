"""E-file figures: OCR pages per minute on the machine's cores, full-text search latency
(p95) over many indexed pages, and the time to archive a 1,000-page case.

Standalone: a throwaway SQLite database and media/key folders in a temporary directory.

    .venv/bin/python bench/efile.py [--ocr-pages 8] [--workers 2] [--pages 100000]
                                    [--archive-pages 1000]

Aims (issue 14): OCR ≥ 40 pages/min on 2 cores; search p95 < 100 ms over 100,000 pages;
archive of a 1,000-page case < 60 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
PHRASES = [
    "原告",
    "被告",
    "借款",
    "本金",
    "利息",
    "人民币",
    "合同",
    "约定",
    "到期",
    "归还",
    "转账",
    "银行",
    "回单",
    "证据",
    "事实",
    "理由",
    "诉讼请求",
    "判决",
    "本院认为",
    "上海市",
    "长宁区",
    "当事人",
    "身份证",
    "委托",
    "代理",
    "律师",
    "送达",
    "笔录",
    "开庭",
    "调解",
    "协议",
    "担保",
    "违约金",
    "逾期",
    "还款",
    "收据",
    "借条",
    "出借人",
    "借款人",
    "签字",
    "盖章",
    "日期",
]


def a4_scan(seed: int):
    """An A4 page at 200 dpi with twenty lines of text: what a court scanner produces."""
    from PIL import Image, ImageDraw, ImageFont

    rnd = random.Random(seed)
    image = Image.new("RGB", (1654, 2339), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 44)
    for n in range(20):
        line = "".join(rnd.choice(PHRASES) for _ in range(9))[:30]
        draw.text((150, 150 + n * 100), line, font=font, fill="black")
    return image


def _ocr_one(seed: int) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from yunting.efile.ocr import read_image

    return len(read_image(a4_scan(seed)))


def bench_ocr(pages: int, workers: int) -> None:
    # One page first per worker so model loading is not counted.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        list(pool.map(_ocr_one, range(workers)))
        start = time.perf_counter()
        chars = sum(pool.map(_ocr_one, range(100, 100 + pages)))
        elapsed = time.perf_counter() - start
    print(
        f"OCR: {pages} A4 pages at 200 dpi, {workers} workers, {elapsed:.1f} s → "
        f"{pages * 60 / elapsed:.1f} pages/min ({chars} characters read; aim ≥ 40)"
    )


def _setup_django(tmp: str) -> None:
    os.environ["YUNTING_VAR_DIR"] = tmp
    os.environ["MEDIA_ROOT"] = os.path.join(tmp, "media")
    os.environ["YUNTING_KEYS_DIR"] = os.path.join(tmp, "keys")
    os.environ["DJANGO_SETTINGS_MODULE"] = "yunting.settings"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from yunting.demo.people import seed_demo

    seed_demo()


def _case(n: int):
    from django.db import transaction

    from yunting.accounts.models import User
    from yunting.cases.services import PartyData, case_create
    from yunting.courts.models import Court

    clerk = User.objects.get(phone="13900000015")
    with transaction.atomic():
        case = case_create(
            court=Court.objects.get(code="沪0105"),
            type_code="民初",
            cause_name="民间借贷纠纷",
            actor=clerk,
            parties=[
                PartyData(role="plaintiff", kind="person", name=f"原告{n}"),
                PartyData(role="defendant", kind="person", name=f"被告{n}"),
            ],
            claims=[],
        )
    case.clerk = clerk
    case.save(update_fields=["clerk"])
    return case, clerk


def bench_search(pages: int) -> None:
    from django.utils import timezone

    from yunting.efile.models import Item, PageText, VolumeKind
    from yunting.efile.search import tokens_for
    from yunting.efile.selectors import search_pages
    from yunting.efile.services import efile_ensure

    rnd = random.Random(14)
    per_item = 100
    start = time.perf_counter()
    cases = [_case(n) for n in range(max(1, pages // 10_000))]
    clerk = cases[0][1]
    made = 0
    item_n = 0
    while made < pages:
        case = cases[item_n % len(cases)][0]
        volume = efile_ensure(case=case).volumes.get(kind=VolumeKind.MAIN)
        item = Item.objects.create(
            volume=volume,
            position=item_n + 1,
            kind="evidence",
            title=f"证据{item_n}",
            storage_path="bench/none",
            sha256="0" * 64,
            content_type="application/pdf",
            size=1,
            pages=per_item,
            dated=timezone.localdate(),
            ocr_status="done",
        )
        rows = []
        for p in range(1, per_item + 1):
            text = "".join(rnd.choice(PHRASES) for _ in range(40)) + f"流水号{rnd.randrange(10**8)}"
            rows.append(
                PageText(item=item, page=p, text=text, tokens=tokens_for(text), source="ocr")
            )
        PageText.objects.bulk_create(rows, batch_size=1000)
        made += per_item
        item_n += 1
    print(f"search setup: {made} pages indexed in {time.perf_counter() - start:.0f} s")
    queries = ["借条", "违约金 逾期", "本院认为", "银行回单", "出借人", "诉讼请求"]
    times = []
    for n in range(60):
        q = queries[n % len(queries)]
        t0 = time.perf_counter()
        hits = search_pages(user=clerk, query=q)
        times.append((time.perf_counter() - t0) * 1000)
        assert hits, q
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"search: {len(times)} queries over {made} pages → p50 {statistics.median(times):.0f} ms, "
        f"p95 {p95:.0f} ms (aim < 100 ms; first 50 hits with snippets)"
    )


def bench_archive(pages: int) -> None:
    import io

    from PIL import Image

    from yunting.cases.models import CaseStatus
    from yunting.cases.services import case_change_status
    from yunting.efile.archive import efile_archive
    from yunting.efile.services import item_add

    case, clerk = _case(99_999)
    per_item = 100
    for n in range(pages // per_item):
        images = [Image.new("RGB", (420, 595), "white") for _ in range(per_item)]
        out = io.BytesIO()
        images[0].save(out, format="PDF", resolution=50, save_all=True, append_images=images[1:])
        item_add(
            case=case,
            data=out.getvalue(),
            content_type="application/pdf",
            title=f"证据{n + 1}",
            kind="evidence",
            actor=clerk,
        )
    case_change_status(case=case, status=CaseStatus.CLOSED, actor=clerk)
    case.refresh_from_db()
    start = time.perf_counter()
    archive = efile_archive(case=case, actor=clerk)
    elapsed = time.perf_counter() - start
    print(
        f"archive: {pages}-page case → {len(archive.files)} files in {elapsed:.1f} s (aim < 60 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocr-pages", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--archive-pages", type=int, default=1000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="yunting-bench-efile-")
    if args.ocr_pages:
        bench_ocr(args.ocr_pages, args.workers)
    _setup_django(tmp)
    if args.archive_pages:
        bench_archive(args.archive_pages)
    if args.pages:
        bench_search(args.pages)
    print(f"(throwaway data in {tmp})")


if __name__ == "__main__":
    main()
