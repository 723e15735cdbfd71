"""Small PDFs with the same look: re-subset the CJK fonts WeasyPrint embeds.

WeasyPrint subsets each font with HarfBuzz but *retains glyph ids*, so a notice using a few
dozen glyphs of Noto Serif CJK (ids up to ~63,000) still embeds a CFF table with 63,000
(empty) charstrings plus full horizontal and vertical metrics: 0.5–0.8 MB per face before
compression, ~270 KiB per one-page notice.

The fonts are CID-keyed CFF (Adobe-Identity-0: CID = the original glyph id, the code WeasyPrint
writes in the page content with Identity-H). Subsetting again *without* retaining ids keeps
the CIDs in the CFF charset while dropping the empty slots; the result is embedded as a bare
CFF font program (``/FontFile3 /Subtype /CIDFontType0C``), for which PDF readers select glyphs
by CID through that charset (ISO 32000-1 §9.7.4.2, §9.9). Widths (/W) and the ToUnicode map
are indexed by CID and stay as they are. Fonts of any other kind are left untouched.

Runs as WeasyPrint's ``finisher``, before the file is written — so before it is signed."""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections import OrderedDict

logger = logging.getLogger(__name__)

# Re-subsetting parses a CFF of ~63,000 charstrings: ~0.6 s a face, most of a document's
# render time. The result depends only on WeasyPrint's font program and the CIDs kept, and
# notices of one kind (a batch, the same parties) keep the same glyphs: the last results are
# kept, keyed by a digest of the program (never the program itself, 0.5-0.8 MB).
_CACHE_SIZE = 128
_cache: OrderedDict[tuple[bytes, frozenset[int]], bytes | None] = OrderedDict()
_cache_lock = threading.Lock()


def _ref_key(value) -> bytes | None:
    if isinstance(value, bytes) and value.endswith(b" R"):
        return value
    return None


def _cids_of_widths(widths) -> set[int]:
    """The CIDs a /W array names: ``c [w1 w2 …]`` or ``c_first c_last w``."""
    cids: set[int] = set()
    items = list(widths)
    i = 0
    while i < len(items):
        first = int(items[i])
        nxt = items[i + 1]
        if isinstance(nxt, list | tuple):
            cids.update(range(first, first + len(nxt)))
            i += 2
        else:
            cids.update(range(first, int(nxt) + 1))
            i += 3
    return cids


def compact_cid_cff(data: bytes, cids: set[int]) -> bytes | None:
    """The bare CFF of an OpenType CID-keyed font cut down to ``cids`` (plus .notdef), or
    None when the font is not of that kind (then it stays as it is). Deterministic, hence
    cached (``_CACHE_SIZE`` results per process)."""
    key = (hashlib.sha256(data).digest(), frozenset(cids))
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    result = _compact_cid_cff(data, cids)
    with _cache_lock:
        _cache[key] = result
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def _compact_cid_cff(data: bytes, cids: set[int]) -> bytes | None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=False)
    if "CFF " not in font:
        return None
    top = font["CFF "].cff.topDictIndex[0]
    if not hasattr(top, "ROS"):  # not CID-keyed: glyph ids are the codes, keep them
        return None
    order = font.getGlyphOrder()
    names = {int(n[3:]): n for n in order if n.startswith("cid") and n[3:].isdigit()}
    if any(c >= len(order) or order[c] != names.get(c) for c in cids if c):
        return None  # codes are not CIDs = glyph ids: do not touch what we do not understand
    options = subset.Options(
        retain_gids=False,
        desubroutinize=True,
        hinting=True,
        notdef_outline=True,
        glyph_names=True,
        ignore_missing_glyphs=False,
        layout_features=[],
        name_IDs=[],
        drop_tables=["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"],
    )
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=[names[c] for c in sorted(cids) if c])
    subsetter.subset(font)
    cff = font["CFF "].cff
    kept = font.getGlyphOrder()
    if any(names[c] not in kept for c in cids if c):
        return None
    out = io.BytesIO()
    cff.compile(out, font)
    return out.getvalue()


def compact_fonts(document, pdf) -> None:
    """WeasyPrint finisher: replace each embedded CID-keyed OpenType CFF font program by the
    compact bare CFF of the CIDs the page widths name."""
    import pydyf

    by_ref = {obj.reference: obj for obj in pdf.objects if hasattr(obj, "reference")}
    used: dict[bytes, set[int]] = {}
    descriptors: dict[bytes, bytes] = {}  # font file ref -> descriptor ref
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary):
            continue
        file_ref = _ref_key(obj.get("FontFile3"))
        if file_ref is not None:
            descriptors[obj.reference] = file_ref
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Subtype") != "/CIDFontType0":
            continue
        file_ref = descriptors.get(_ref_key(obj.get("FontDescriptor")) or b"")
        if file_ref is None or "W" not in obj:
            continue
        used.setdefault(file_ref, set()).update(_cids_of_widths(obj["W"]))
    for file_ref, cids in used.items():
        stream = by_ref.get(file_ref)
        if not isinstance(stream, pydyf.Stream) or stream.extra.get("Subtype") != "/OpenType":
            continue
        try:
            compact = compact_cid_cff(b"".join(stream.stream), cids)
        except Exception:  # a font we cannot re-subset is embedded as WeasyPrint made it
            logger.warning("font not compacted", exc_info=True)
            continue
        if compact is not None:
            stream.stream = [compact]
            stream.extra["Subtype"] = "/CIDFontType0C"
