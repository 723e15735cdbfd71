"""Make the README's screenshot (docs/screenshot.png) from a running demo.

    ./yt demo                      # or any server with the demo data (yunting seed_demo)
    .venv/bin/python docs/screenshot.py [--base-url http://127.0.0.1:8000] [--phone 13900000012]

Logs in through the real form as a demo user (by default the judge 刘法官), opens a page (by
default the case list, then the case page of the demo's 民初2号: its parties, claims, fee,
hearing and deadlines) at 1280 px
in Chinese in headless Chromium, and saves the top of it as a PNG reduced to a 256-colour
palette (small enough to keep in the repository)."""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

DEMO_PASSWORD = "yunting-demo-2026"  # noqa: S105 - the published demo password (yunting.demo.people)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def shoot(
    *, base_url: str, phone: str, path: str, case: str, out: Path, width: int, height: int
) -> int:
    """Save the screenshot; returns its size in bytes."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(
                base_url=base_url, locale="zh-CN", viewport={"width": width, "height": height}
            )
            context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": base_url}])
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("input[name=username]", phone)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/(portal|workbench)/"))
            page.goto(path, wait_until="networkidle")
            if case:
                page.get_by_role("link", name=re.compile(re.escape(case))).first.click()
                page.wait_for_load_state("networkidle")
            png = page.screenshot(full_page=False)
        finally:
            browser.close()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    return out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--phone", default="13900000012", help="demo user (default: a judge)")
    parser.add_argument("--path", default="/cases/", help="page to open")
    parser.add_argument(
        "--case", default="民初2号", help="then the case whose number contains this ('' : none)"
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("screenshot.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=860)
    args = parser.parse_args()
    size = shoot(
        base_url=args.base_url.rstrip("/"),
        phone=args.phone,
        path=args.path,
        case=args.case,
        out=args.out,
        width=args.width,
        height=args.height,
    )
    print(f"{args.out}: {size // 1024} KiB")


if __name__ == "__main__":
    main()
