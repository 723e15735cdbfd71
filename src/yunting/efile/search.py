"""Full-text search for Chinese: jieba splits text into words, the database's own full-text
index finds them (SQLite FTS5 by default, PostgreSQL full-text search at scale)."""

from __future__ import annotations

import html
import logging
import re

from django.db import connection

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[\w\u4e00-\u9fff]+")
_jieba = None


def _tokenizer():
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def words(text: str) -> list[str]:
    """Search words of ``text``: jieba's search-engine mode (long words and their parts)."""
    jieba = _tokenizer()
    out = []
    for w in jieba.cut_for_search(text or ""):
        w = w.strip().lower()
        if w and _WORD.fullmatch(w):
            out.append(w)
    return out


def tokens_for(text: str) -> str:
    return " ".join(words(text))


def query_words(query: str) -> list[str]:
    """The words a query must match: jieba's precise cut, so 借款人 matches 借款人."""
    jieba = _tokenizer()
    return [w.strip().lower() for w in jieba.cut(query or "") if _WORD.fullmatch(w.strip())]


def matching_page_ids_sql(qwords: list[str]) -> tuple[str, list]:
    """SQL selecting the ids of PageText rows holding every word."""
    if connection.vendor == "postgresql":
        return (
            "SELECT id FROM efile_pagetext WHERE to_tsvector('simple', tokens) @@ "
            "plainto_tsquery('simple', %s)",
            [" ".join(qwords)],
        )
    fts = " AND ".join('"' + w.replace('"', '""') + '"' for w in qwords)
    return ("SELECT rowid FROM efile_pagetext_fts WHERE efile_pagetext_fts MATCH %s", [fts])


def snippet(text: str, query: str, qwords: list[str], width: int = 40) -> str:
    """HTML-escaped text around the first hit, hits wrapped in <mark>."""
    terms = sorted({query.strip(), *qwords} - {""}, key=len, reverse=True)
    flat = re.sub(r"\s+", " ", text)
    pos = -1
    for t in terms:
        pos = flat.lower().find(t.lower())
        if pos >= 0:
            break
    start = max(0, pos - width) if pos >= 0 else 0
    piece = flat[start : start + 2 * width + len(query)]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.I) if terms else None
    parts, last = [], 0
    for m in pattern.finditer(piece) if pattern else ():
        parts.append(html.escape(piece[last : m.start()]))
        parts.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    parts.append(html.escape(piece[last:]))
    escaped = "".join(parts)
    return ("…" if start > 0 else "") + escaped + ("…" if start + len(piece) < len(flat) else "")
