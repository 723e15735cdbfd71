"""Pages of stored files: text layers, rendering to images, images to PDF. Django-free."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

A4_POINTS = (595.28, 841.89)


def open_image(data: bytes) -> Image.Image:
    """An image upright as its camera meant (EXIF orientation applied), in RGB."""
    image = Image.open(io.BytesIO(data))
    image = ImageOps.exif_transpose(image)
    return image.convert("RGB")


def image_frames(data: bytes) -> list[Image.Image]:
    """Every frame of an image file (a TIFF may hold several pages)."""
    image = Image.open(io.BytesIO(data))
    frames = []
    for n in range(getattr(image, "n_frames", 1)):
        image.seek(n)
        frames.append(ImageOps.exif_transpose(image.copy()).convert("RGB"))
    return frames


def image_to_pdf(data: bytes, *, dpi: int = 150) -> bytes:
    frames = image_frames(data)
    out = io.BytesIO()
    frames[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=frames[1:])
    return out.getvalue()


def as_pdf(data: bytes, content_type: str) -> bytes:
    return data if content_type == "application/pdf" else image_to_pdf(data)


def pdf_page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_text_pages(data: bytes) -> list[str]:
    """The text layer of each page ("" where a page is only an image)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    texts = []
    for page in reader.pages:
        try:
            texts.append((page.extract_text() or "").strip())
        except Exception:  # a page whose text cannot be decoded is treated as image-only
            texts.append("")
    return texts


def render_page(data: bytes, content_type: str, page: int, *, dpi: int = 100) -> Image.Image:
    """Page ``page`` (1-based) as an image at ``dpi``."""
    if content_type != "application/pdf":
        frames = image_frames(data)
        image = frames[min(page, len(frames)) - 1]
        scale = dpi / 150
        if scale < 1:
            image = image.resize(
                (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
            )
        return image
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[page - 1].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def split_pdf(data: bytes, after_page: int) -> tuple[bytes, bytes]:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    parts = []
    for pages in (reader.pages[:after_page], reader.pages[after_page:]):
        writer = PdfWriter()
        for p in pages:
            writer.add_page(p)
        out = io.BytesIO()
        writer.write(out)
        parts.append(out.getvalue())
    return parts[0], parts[1]


def merge_pdfs(parts: list[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        for p in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(p)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def watermarked_pdf(
    data: bytes, content_type: str, *, lines: list[str], pages: list[int], font_path: str
) -> bytes:
    """The given pages rasterised with a visible watermark drawn into the image itself (so it
    cannot be removed by editing the PDF): reader's name, time and case number."""
    from PIL import ImageDraw, ImageFont

    images = []
    for n in pages:
        image = render_page(data, content_type, n, dpi=110)
        layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        size = max(14, image.width // 28)
        font = ImageFont.truetype(font_path, size)
        step_y = size * 6
        for y in range(size * 2, image.height, step_y):
            text = "  ".join(lines)
            draw.text((size, y), text, font=font, fill=(200, 30, 30, 150))
        # A clear band at the bottom, always readable.
        band = "  ".join(lines)
        draw.rectangle(
            (0, image.height - size * 2, image.width, image.height), fill=(255, 255, 255, 200)
        )
        draw.text(
            (size // 2, image.height - int(size * 1.6)), band, font=font, fill=(160, 0, 0, 255)
        )
        images.append(Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB"))
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=110, save_all=True, append_images=images[1:])
    return out.getvalue()
