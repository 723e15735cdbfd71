"""Parsing an upload safely: in a forked child with a time limit and a memory ceiling.

A hostile PDF or image can cost far more than its size to open (an object stream that inflates
to gigabytes, a 65535×65535 PNG). Each check therefore runs in a child process (forked, so
pypdf and Pillow are already loaded), which is killed when it exceeds ``CHECK_SECONDS`` and
cannot allocate past ``CHECK_MEMORY_BYTES``; the parent only ever receives a small verdict.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
from collections.abc import Callable

CHECK_SECONDS = 20
CHECK_MEMORY_BYTES = 1024 * 1024 * 1024
MAX_INFLATED_BYTES = 32 * 1024 * 1024  # per stream, and for all page content together
MAX_IMAGE_PIXELS = 50_000_000  # an A4 page at 600 dpi is 35 million pixels

# Verdicts (the values of core.errors.FileErrorCode, raised by core.files)
OK = "ok"
DAMAGED = "damaged"
ENCRYPTED = "encrypted"
NO_PAGES = "no_pages"
TOO_COMPLEX = "too_complex"
ACTIVE_CONTENT = "active_content"
TOO_MANY_PIXELS = "too_many_pixels"
TIMEOUT = "timeout"

ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA", "/EmbeddedFile", "/EmbeddedFiles"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"}


def run_isolated(check: Callable[[bytes], tuple[str, int]], data: bytes) -> tuple[str, int]:
    """``check(data)`` in a forked child; (TIMEOUT, 0) when it runs past the time limit."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(check, data, writer), daemon=True)
    child.start()
    writer.close()
    try:
        if not reader.poll(CHECK_SECONDS):
            return TIMEOUT, 0
        try:
            return reader.recv()
        except EOFError:  # the child died (out of memory): the file is too costly to open
            return TOO_COMPLEX, 0
    finally:
        reader.close()
        if child.is_alive():
            child.kill()
        child.join()


def _address_space_in_use() -> int:
    """Bytes of address space this process already maps (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(check, data: bytes, writer) -> None:
    import resource

    # The ceiling is on top of what the fork inherited: a worker that has loaded the OCR model,
    # fonts and browsers already maps more than a gigabyte, and an absolute cap would refuse
    # every upload there.
    ceiling = _address_space_in_use() + CHECK_MEMORY_BYTES
    with contextlib.suppress(ValueError, OSError):  # a platform without the limit
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    try:
        verdict = check(data)
    except MemoryError:
        verdict = (TOO_COMPLEX, 0)
    except Exception:  # anything the parser did not foresee means "cannot be opened"
        verdict = (DAMAGED, 0)
    writer.send(verdict)
    writer.close()
    os._exit(0)  # never run the parent's clean-up (database connections, atexit) in the child


def check_pdf(data: bytes) -> tuple[str, int]:
    """(verdict, pages): every object read (object streams inflated under the cap), page
    content inflated under the cap, and no active content anywhere."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PdfReadError
    from pypdf.generic import IndirectObject

    limits = {
        "zlib_maximum_output_length": MAX_INFLATED_BYTES,
        "maximum_declared_stream_length": MAX_INFLATED_BYTES,
        "lzw_maximum_output_length": MAX_INFLATED_BYTES,
        "run_length_maximum_output_length": MAX_INFLATED_BYTES,
        "array_based_stream_maximum_output_length": MAX_INFLATED_BYTES,
    }
    try:
        with apply_configuration(**limits):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                return ENCRYPTED, 0
            pages = len(reader.pages)
            if pages == 0:
                return NO_PAGES, 0
            numbers = [(num, gen) for gen, table in reader.xref.items() for num in table]
            numbers += [(num, 0) for num in reader.xref_objStm]
            for num, gen in numbers:
                obj = reader.get_object(IndirectObject(num, gen, reader))
                if _holds_active(obj):
                    return ACTIVE_CONTENT, pages
            if _is_active(reader.trailer["/Root"]):
                return ACTIVE_CONTENT, pages
            inflated = 0
            for page in reader.pages:
                contents = page.get_contents()
                if contents is not None:
                    inflated += len(contents.get_data())
                if inflated > MAX_INFLATED_BYTES:
                    return TOO_COMPLEX, pages
    except LimitReachedError:
        return TOO_COMPLEX, 0
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return DAMAGED, 0
    return OK, pages


def _holds_active(obj) -> bool:
    """Whether ``obj`` or any dictionary written inside it (not behind a reference: those are
    objects of their own, each scanned) is active content."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, DictionaryObject):
            if _is_active(item):
                return True
            stack.extend(v for v in item.values() if not isinstance(v, IndirectObject))
        elif isinstance(item, ArrayObject):
            stack.extend(v for v in item if not isinstance(v, IndirectObject))
    return False


def _is_active(obj) -> bool:
    from pypdf.generic import DictionaryObject

    keys = set(obj.keys())
    if keys & ACTIVE_KEYS:
        return True
    if obj.get("/Type") in {"/EmbeddedFile", "/Filespec"} and "/EF" in keys:
        return True
    if obj.get("/S") in ACTIVE_ACTIONS:
        return True
    action = obj.get("/OpenAction")
    if action is not None:
        action = action.get_object()
        if isinstance(action, DictionaryObject) and action.get("/S") in ACTIVE_ACTIONS:
            return True
    names = obj.get("/Names")
    if names is not None:
        names = names.get_object()
        if isinstance(names, DictionaryObject) and {"/JavaScript", "/EmbeddedFiles"} & set(
            names.keys()
        ):
            return True
    return False


def check_image(data: bytes) -> tuple[str, int]:
    """(verdict, 1): the header's size under the pixel cap, then every pixel decoded."""
    import warnings

    from PIL import Image, ImageFile, UnidentifiedImageError

    # In the child only: WeasyPrint, once imported, lets Pillow accept truncated images.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return TOO_MANY_PIXELS, 0
                image.load()  # decode fully: a truncated or corrupt body fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return TOO_MANY_PIXELS, 0
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return DAMAGED, 0
    return OK, 1
