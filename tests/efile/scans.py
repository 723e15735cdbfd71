"""Test scans made here: text drawn with a Noto CJK font into an image (no text layer), at a
modest resolution so OCR stays quick."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

IOU_LINES = ["借条", "今借到张三人民币伍万元整", "借款人：李四", "2026年3月1日"]
SLIP_LINES = [
    "中国示范银行转账回单",
    "付款人：张三",
    "收款人：李四",
    "交易金额：50000.00元",
    "交易日期：2026-03-02",
]


def scan_image(
    lines: list[str], *, size: tuple[int, int] = (900, 700), font_size: int = 40, rotate: int = 0
) -> Image.Image:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, font_size)
    y = 60
    for line in lines:
        draw.text((60, y), line, font=font, fill="black")
        y += int(font_size * 1.8)
    return image.rotate(rotate, expand=True, fillcolor="white") if rotate else image


def png(lines: list[str], **kw) -> bytes:
    out = io.BytesIO()
    scan_image(lines, **kw).save(out, format="PNG")
    return out.getvalue()


def jpeg(lines: list[str], **kw) -> bytes:
    out = io.BytesIO()
    scan_image(lines, **kw).save(out, format="JPEG", quality=90)
    return out.getvalue()


def image_pdf(pages: list[list[str]]) -> bytes:
    """An image-only PDF: each page a scan, no text layer."""
    images = [scan_image(p) for p in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=100, save_all=True, append_images=images[1:])
    return out.getvalue()


def blank_pdf(pages: int) -> bytes:
    images = [Image.new("RGB", (400, 560), "white") for _ in range(pages)]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=50, save_all=True, append_images=images[1:])
    return out.getvalue()


def text_pdf(pages: list[str]) -> bytes:
    """A PDF with a text layer (WeasyPrint), one page per string."""
    from weasyprint import HTML

    body = "".join(f'<section style="page-break-after:always">{t}</section>' for t in pages)
    html = (
        '<html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC"}</style>'
        f"</head><body>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()
