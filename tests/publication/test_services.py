"""Publication services on an effective judgment of the demo loan case (real judgments loop)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from yunting.accounts.models import User
from yunting.ledger.models import Entry
from yunting.publication import selectors, services
from yunting.publication.errors import PublicationError
from yunting.publication.events import PublicationEvent
from yunting.publication.models import PublicationStatus

pytestmark = pytest.mark.django_db


def entries(kind) -> list[Entry]:
    return list(Entry.objects.filter(event_type=kind).order_by("seq"))


def test_review_correct_publish_and_find(effective, people):
    case = effective.case
    judge = case.judge
    assert list(selectors.decisions_to_review(user=judge)) == [effective]
    other_judge = people["judge3"] if people["judge3"].pk != judge.pk else people["head"]
    with pytest.raises(PublicationError) as exc:  # not this judge's case
        services.publication_prepare(decision=effective, actor=other_judge)
    assert exc.value.code == "not_reviewer"

    pub = services.publication_prepare(decision=effective, actor=judge)
    assert services.publication_prepare(decision=effective, actor=judge) == pub  # once
    assert pub.status == PublicationStatus.REVIEW
    # The loan case: the plaintiff keeps his name; his home address keeps only the district.
    assert "天山路100号" in pub.original_text
    assert "天山路100号" not in pub.text
    assert "原告：张三，男，1985年3月12日出生，住上海市长宁区。" in pub.text
    assert "住所地上海市长宁区延安西路1号" in pub.text  # an organisation's domicile stays
    assert {
        "kind": "address",
        "original": "上海市长宁区天山路100号",
        "replacement": "上海市长宁区",
    } in pub.replacements
    assert len(entries(PublicationEvent.PREPARED)) == 1

    # A correction that puts a removed value back is saved but refused at publication.
    bad = pub.text.replace("住上海市长宁区。", "住上海市长宁区天山路100号。")
    pub = services.publication_revise(publication=pub, actor=judge, text=bad, base_version=1)
    assert pub.version == 2
    with pytest.raises(PublicationError) as exc:
        services.publication_revise(publication=pub, actor=judge, text="x", base_version=1)
    assert exc.value.code == "stale"
    with pytest.raises(PublicationError) as exc:
        services.publication_publish(publication=pub, actor=judge, base_version=2)
    assert exc.value.code == "still_personal"
    fixed = bad.replace("天山路100号", "").replace("王五", "王某")  # the reviewer's own choice
    pub = services.publication_revise(publication=pub, actor=judge, text=fixed, base_version=2)
    assert len(entries(PublicationEvent.REVISED)) == 2

    pub = services.publication_publish(publication=pub, actor=judge, base_version=3)
    assert pub.status == PublicationStatus.PUBLISHED
    pdf = default_storage.open(pub.storage_path, "rb").read()
    reader = PdfReader(default_storage.open(pub.storage_path, "rb"))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "天山路" not in text and "王某" in text
    fields = reader.get_fields() or {}
    assert "CourtSeal" in fields and fields["CourtSeal"].get("/V")  # signed by the court
    import hashlib

    assert hashlib.sha256(pdf).hexdigest() == pub.sha256
    (entry,) = entries(PublicationEvent.PUBLISHED)
    assert entry.payload["pdf_sha256"] == pub.sha256
    assert entry.documents.filter(sha256=pub.sha256).exists()
    with pytest.raises(PublicationError) as exc:
        services.publication_withhold(publication=pub, actor=judge, reason="mediation")
    assert exc.value.code == "already_decided"

    # The public finds it by case number, cause and year; nothing under review is public.
    assert list(selectors.published_search(number=case.case_number)) == [pub]
    assert list(selectors.published_search(number="(2026)沪0105民初1")) == [pub]
    assert list(selectors.published_search(cause="借贷", year=case.year)) == [pub]
    assert not selectors.published_search(year=case.year - 1).exists()
    assert not list(selectors.decisions_to_review(user=judge))


def test_withhold_needs_a_statutory_reason(effective):
    clerk = effective.case.clerk
    pub = services.publication_prepare(decision=effective, actor=clerk)
    with pytest.raises(PublicationError) as exc:
        services.publication_withhold(publication=pub, actor=clerk, reason="because")
    assert exc.value.code == "bad_reason"
    with pytest.raises(PublicationError) as exc:
        services.publication_withhold(publication=pub, actor=clerk, reason="other")
    assert exc.value.code == "note_required"
    pub = services.publication_withhold(
        publication=pub, actor=clerk, reason="other", note="涉及商业秘密"
    )
    assert pub.status == PublicationStatus.WITHHELD
    (entry,) = entries(PublicationEvent.WITHHELD)
    assert entry.payload["reason"] == "other"
    assert not selectors.published_search().exists()
    # Another court's staff cannot even see it.
    outsider = User.objects.create_user("13911112222", "x-password-1", name="路人")
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.publication_get_for_user(user=outsider, publication_id=pub.id)
    # Pages: a judgment not published is not on the public page; the review page is 404 to
    # anyone but the case's judge and clerk.
    from django.test import Client

    assert Client().get(f"/judgments-online/j/{pub.id}/").status_code == 404
    assert Client().get(f"/judgments-online/j/{pub.id}/pdf").status_code == 404
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/judgments-online/review/{pub.id}/").status_code == 404
    client.force_login(clerk)
    page = client.get(f"/judgments-online/review/{pub.id}/")
    assert page.status_code == 200
    assert "涉及商业秘密" in page.content.decode()
