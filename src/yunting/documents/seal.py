"""The court's round red seal (电子印章), drawn with Pillow.

The usual form of a people's court seal: a red ring, the court's name along the upper arc read
left to right, a five-pointed star in the centre. Drawn at 4× and scaled down for smooth edges,
on a transparent background so the text under it (court name and date) shows through, as a
real stamp over the signature block does. Cached per name: every document of a court gets
exactly the same image.
"""

from __future__ import annotations

import base64
import io
import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SEAL_RED = (214, 0, 28)
FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
SIZE = 360  # output pixels: 42 mm at ~220 dpi, sharp in print, light to embed
SCALE = 4


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    for index in range(10):  # the SC face of the collection, whatever its position
        try:
            font = ImageFont.truetype(FONT_PATH, size, index=index)
        except OSError:
            break
        if font.getname()[0].endswith(" SC"):
            return font
    return ImageFont.truetype(FONT_PATH, size)


def _star(cx: float, cy: float, r_outer: float) -> list[tuple[float, float]]:
    r_inner = r_outer * math.sin(math.radians(18)) / math.sin(math.radians(54))
    points = []
    for i in range(10):
        r = r_outer if i % 2 == 0 else r_inner
        angle = math.radians(-90 + i * 36)
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


@lru_cache(maxsize=64)
def seal_png(name: str, bottom_text: str = "") -> bytes:
    """PNG bytes of the seal for ``name`` (e.g. 上海市长宁区人民法院)."""
    big = SIZE * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    c = big / 2
    ring = big * 0.035
    r = big / 2 - ring / 2 - 4 * SCALE
    draw.ellipse((c - r, c - r, c + r, c + r), outline=SEAL_RED, width=int(ring))
    draw.polygon(_star(c, c, big * 0.17), fill=SEAL_RED)

    chars = list(name)
    n = len(chars)
    char_size = int(big * (0.125 if n <= 10 else 0.105 if n <= 14 else 0.085))
    font = _font(char_size)
    text_r = r - ring / 2 - char_size * 0.62
    span = min(250.0, 18.0 * n + 40)  # degrees of arc the name occupies, centred at the top
    for i, ch in enumerate(chars):
        angle = -90 - span / 2 + (span * i / (n - 1) if n > 1 else span / 2)
        tile = Image.new("RGBA", (char_size * 2, char_size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((char_size, char_size), ch, font=font, fill=SEAL_RED, anchor="mm")
        tile = tile.rotate(-(angle + 90), resample=Image.BICUBIC)
        x = c + text_r * math.cos(math.radians(angle)) - char_size
        y = c + text_r * math.sin(math.radians(angle)) - char_size
        img.alpha_composite(tile, (int(x), int(y)))
    if bottom_text:
        small = _font(int(big * 0.07))
        draw.text((c, c + big * 0.28), bottom_text, font=small, fill=SEAL_RED, anchor="mm")

    img = img.resize((SIZE, SIZE), Image.LANCZOS)
    # A stamp is never perfectly solid: let ink density vary slightly, as pads do.
    alpha = img.getchannel("A").point(lambda a: int(a * 0.88))
    img.putalpha(alpha)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


@lru_cache(maxsize=64)
def seal_svg(name: str) -> str:
    """The same seal as vector SVG, for PDFs: sharp at any zoom, a few hundred bytes, and no
    image to re-encode per document (the PNG cost ~12 ms a document in a batch)."""
    from xml.sax.saxutils import escape

    red = "#{:02x}{:02x}{:02x}".format(*SEAL_RED)
    size, c = 200.0, 100.0
    ring = size * 0.035
    r = size / 2 - ring / 2 - 2
    n = len(name)
    char_size = size * (0.125 if n <= 10 else 0.105 if n <= 14 else 0.085)
    text_r = r - ring / 2 - char_size * 0.62
    span = min(250.0, 18.0 * n + 40)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size:g} {size:g}" '
        f'width="{size:g}" height="{size:g}" opacity="0.88">',
        f'<circle cx="{c}" cy="{c}" r="{r:.2f}" fill="none" stroke="{red}" '
        f'stroke-width="{ring:.2f}"/>',
        '<polygon fill="{}" points="{}"/>'.format(
            red, " ".join(f"{x:.2f},{y:.2f}" for x, y in _star(c, c, size * 0.17))
        ),
    ]
    for i, ch in enumerate(name):
        angle = -90 - span / 2 + (span * i / (n - 1) if n > 1 else span / 2)
        x = c + text_r * math.cos(math.radians(angle))
        y = c + text_r * math.sin(math.radians(angle))
        parts.append(
            f'<text transform="translate({x:.2f} {y:.2f}) rotate({angle + 90:.2f})" '
            f'x="0" y="{char_size * 0.36:.2f}" text-anchor="middle" fill="{red}" '
            f'font-family="Noto Serif CJK SC" font-weight="bold" '
            f'font-size="{char_size:.2f}">{escape(ch)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def seal_data_uri(name: str) -> str:
    """The seal for documents: the SVG form, inlined (WeasyPrint fetches nothing)."""
    return "data:image/svg+xml;base64," + base64.b64encode(seal_svg(name).encode()).decode()
