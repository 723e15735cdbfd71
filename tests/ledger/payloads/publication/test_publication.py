"""Payloads of the publication events: an effective judgment anonymized, corrected, published;
another withheld."""

from __future__ import annotations

import hashlib

import pytest

from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.publication import services
from yunting.publication.events import PublicationEvent

pytestmark = pytest.mark.django_db


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _head(pub) -> dict:
    return {"publication": str(pub.id), "decision": str(pub.decision_id)}


def _at(pub, actor) -> dict:
    return {"case_id": pub.case.id, "court_id": pub.case.court_id, "actor_id": actor.id}


@covers(PublicationEvent.PREPARED, PublicationEvent.REVISED, PublicationEvent.PUBLISHED)
def test_prepare_revise_publish_events(effective):
    judge = effective.case.judge
    with recorded() as entries:
        pub = services.publication_prepare(decision=effective, actor=judge)
    assert pub.replacements  # the plaintiff's home address at least
    assert_event(
        entries,
        PublicationEvent.PREPARED,
        _head(pub)
        | {
            "cause": effective.case.cause_name,
            "original_sha256": _sha(pub.original_text),
            "text_sha256": _sha(pub.text),
            "replacements": len(pub.replacements),
        },
        **_at(pub, judge),
    )
    text = pub.text + "\n（本文书已按规定作技术处理。）"
    with recorded() as entries:
        pub = services.publication_revise(publication=pub, actor=judge, text=text, base_version=1)
    assert_event(
        entries,
        PublicationEvent.REVISED,
        _head(pub) | {"version": 2, "text_sha256": _sha(text)},
        **_at(pub, judge),
    )
    with recorded() as entries:
        pub = services.publication_publish(publication=pub, actor=judge, base_version=2)
    entry = assert_event(
        entries,
        PublicationEvent.PUBLISHED,
        _head(pub) | {"version": 2, "text_sha256": _sha(text), "pdf_sha256": pub.sha256},
        **_at(pub, judge),
    )
    assert entry.document_hashes == [pub.sha256]


@covers(PublicationEvent.WITHHELD)
def test_withheld_event(effective, demo):
    clerk = demo["clerk"]
    pub = services.publication_prepare(decision=effective, actor=clerk)
    with recorded() as entries:
        services.publication_withhold(
            publication=pub, actor=clerk, reason="other", note="涉及商业秘密"
        )
    assert_event(
        entries,
        PublicationEvent.WITHHELD,
        _head(pub) | {"reason": "other", "note": "涉及商业秘密"},
        **_at(pub, clerk),
    )
