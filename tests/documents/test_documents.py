"""Issuing, signing, verifying and scoping court documents."""

from __future__ import annotations

import io
import json
import os
import re
import stat
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from yunting.documents.catalogue import CATALOGUE
from yunting.documents.dates import chinese_date
from yunting.documents.errors import DocumentError, DocumentErrorCode
from yunting.documents.events import DocumentEvent
from yunting.documents.models import DocumentTemplate, IssuedDocument
from yunting.documents.services import document_issue, document_render_pdf
from yunting.documents.verification import verify_pdf
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db

PLAINTIFF = "张三"
DEFENDANT = "上海示范贸易有限公司"
# Documents addressed to one party name that party; the others name both sides.
NAMES = {
    "summons": [PLAINTIFF],
    "service_receipt": [PLAINTIFF],
    "fee_receipt": [PLAINTIFF],
    "payment_notice": [PLAINTIFF, DEFENDANT],
}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _bytes(doc: IssuedDocument) -> bytes:
    with default_storage.open(doc.storage_path, "rb") as fh:
        return fh.read()


def _issue(case, actor, code="acceptance_notice", **kw) -> IssuedDocument:
    with transaction.atomic():
        return document_issue(template_code=code, case=case, actor=actor, **kw)


def _plaintiff(case):
    return case.parties.get(role="plaintiff")


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_every_template_renders_signs_and_verifies(code, issued_case, demo):
    recipient = _plaintiff(issued_case) if CATALOGUE[code].needs_recipient else None
    if code == "response_notice":
        recipient = issued_case.parties.get(role="defendant")
    doc = _issue(issued_case, demo["clerk"], code, recipient=recipient)
    pdf = _bytes(doc)
    text = _text(pdf)
    assert issued_case.case_number in text
    for name in NAMES.get(code, [PLAINTIFF, DEFENDANT]):
        assert name in text, (code, name)
    assert chinese_date(timezone.localdate(doc.issued_at)) in text
    assert doc.verification_code in text

    report = verify_pdf(pdf)
    assert report.signature_valid and report.unmodified and report.recorded and report.valid
    assert report.signer == "上海市长宁区人民法院"
    assert report.ledger_sequence == doc.ledger_seq
    entry = Entry.objects.get(seq=doc.ledger_seq)
    assert entry.event_type == DocumentEvent.ISSUED
    assert entry.document_hashes == [doc.sha256]
    assert doc.storage_path.endswith(f"{doc.sha256}.pdf")


def test_the_judgment_has_the_structure_of_a_judgment(issued_case, demo):
    doc = _issue(
        issued_case,
        demo["judge"],
        "judgment",
        extra={
            "facts_found": "2025年3月1日，被告向原告借款150,000元。",
            "reasoning": "合法的借贷关系受法律保护。",
            "decision": "一、被告于本判决生效之日起十日内归还原告借款150,000元；\n"
            "二、驳回原告其他诉讼请求。",
        },
    )
    text = _text(_bytes(doc))
    order = [
        *("原告：张三", "被告：上海示范贸易有限公司", "诉讼请求", "本院经审理认定事实如下"),
        *("2025年3月1日", "本院认为", "判决如下", "二、驳回原告其他诉讼请求", "案件受理费"),
        *("如不服本判决", "上海市第一中级人民法院", "审判员刘法官", "书记员郑书记员"),
    ]
    positions = [text.index(part.replace("　", "")) for part in order]
    assert positions == sorted(positions)
    assert "委托诉讼代理人：王律师，上海示范律师事务所律师" in text
    assert "3,300.00" in text  # 150,000 → Art. 13 fee


@pytest.mark.parametrize(
    ("code", "order"),
    [
        (
            "dismissal_ruling",
            [
                *("本院经审查认为", "裁定如下", "驳回原告张三的起诉", "本案不交纳案件受理费"),
                *("裁定书送达之日起十日内", "上海市第一中级人民法院"),
            ],
        ),
        (
            "not_accepted_ruling",
            [
                *("本院经审查认为", "裁定如下", "对张三的起诉，本院不予受理", "十日内"),
                "上海市第一中级人民法院",
            ],
        ),
        (
            "transfer_ruling",
            [
                *("本院在审理过程中发现", "第三十七条", "裁定如下"),
                *("本案移送上海市静安区人民法院处理", "本裁定一经作出即生效"),
            ],
        ),
    ],
)
def test_the_closing_rulings_have_the_structure_of_a_ruling(code, order, issued_case, demo):
    doc = _issue(
        issued_case,
        demo["judge"],
        code,
        extra={
            "reasoning": "理由。",
            "legal_basis": "《中华人民共和国民事诉讼法》第三十七条"
            if code == "transfer_ruling"
            else "《中华人民共和国民事诉讼法》第一百二十二条",
            "fee_burden": "本案不交纳案件受理费，已交纳的予以退还",
            "receiving_court": "上海市静安区人民法院",
        },
    )
    text = _text(_bytes(doc))
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    # Only the appealable rulings carry the appeal notice.
    assert ("上诉于" in text) == (code != "transfer_ruling")


def test_one_flipped_byte_fails_verification(issued_case, demo):
    pdf = bytearray(_bytes(_issue(issued_case, demo["clerk"])))
    middle = len(pdf) // 3
    pdf[middle] ^= 0x01
    report = verify_pdf(bytes(pdf))
    assert not report.valid
    assert not (report.signature_valid and report.unmodified)
    assert not report.recorded


def test_appending_after_the_signature_is_detected(issued_case, demo):
    pdf = _bytes(_issue(issued_case, demo["clerk"]))
    report = verify_pdf(pdf + b"\n% appended\n")
    assert not report.valid and not report.unmodified


def test_issued_twice_two_entries_and_verification_finds_the_right_one(issued_case, demo):
    first = _issue(issued_case, demo["clerk"])
    second = _issue(issued_case, demo["clerk"])
    assert first.ledger_seq != second.ledger_seq
    assert first.sha256 != second.sha256
    assert first.verification_code != second.verification_code
    assert verify_pdf(_bytes(first)).ledger_sequence == first.ledger_seq
    assert verify_pdf(_bytes(second)).ledger_sequence == second.ledger_seq
    assert (
        Entry.objects.filter(event_type=DocumentEvent.ISSUED, case_id=issued_case.id).count() == 2
    )


def test_judge_signs_first_and_the_court_seal_covers_the_whole_file(issued_case, demo):
    doc = _issue(issued_case, demo["judge"], "judgment", sign_as_judge=True)
    report = verify_pdf(_bytes(doc))
    assert report.valid
    assert [s.signer for s in report.signatures] == ["刘法官", "上海市长宁区人民法院"]
    assert [s.coverage for s in report.signatures] == ["ENTIRE_REVISION", "ENTIRE_FILE"]
    assert doc.signed_by_judge == demo["judge"]


def test_only_the_cases_judge_signs_as_judge(issued_case, demo):
    with pytest.raises(DocumentError) as err:
        _issue(issued_case, demo["clerk"], "judgment", sign_as_judge=True)
    assert err.value.code == DocumentErrorCode.NOT_THE_JUDGE
    from yunting.accounts.models import User

    other_judge = User.objects.get(phone="13900000013")  # 周法官, same court, not this case
    with pytest.raises(DocumentError) as raised:
        _issue(issued_case, other_judge, "judgment", sign_as_judge=True)
    assert raised.value.code == "not_the_judge"


def test_staff_of_another_court_cannot_issue(issued_case):
    from yunting.accounts.models import User

    with pytest.raises(DocumentError) as err:
        _issue(issued_case, User.objects.get(phone="13900000022"))  # 林法官, 沪0106
    assert err.value.code == DocumentErrorCode.NOT_COURT_STAFF
    assert not IssuedDocument.objects.exists()


def test_a_rolled_back_caller_leaves_no_record(issued_case, demo):
    seqs = Entry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        document_issue(template_code="summons", case=issued_case, actor=demo["clerk"])
        raise RuntimeError("caller fails after issuing")
    assert not IssuedDocument.objects.exists()
    assert Entry.objects.count() == seqs


def test_recipient_must_be_a_party_of_the_case(issued_case, court, demo):
    from tests.cases.factories import make_case

    other = make_case(court=court)
    with pytest.raises(DocumentError) as err:
        _issue(issued_case, demo["clerk"], recipient=_plaintiff(other))
    assert err.value.code == DocumentErrorCode.RECIPIENT_NOT_IN_CASE


def test_preview_is_unsigned_watermarked_and_not_recorded(issued_case):
    pdf = document_render_pdf(
        template_code="summons",
        case=issued_case,
        extra={"hearing_time": "2026年12月10日上午9时30分"},
    )
    text = _text(pdf)
    assert "样稿" in text and "2026年12月10日上午9时30分" in text
    with pytest.raises(DocumentError) as err:
        verify_pdf(pdf)
    assert err.value.code == DocumentErrorCode.NO_SIGNATURE
    assert not IssuedDocument.objects.exists()


def test_docx_opens_and_holds_the_case(issued_case, demo, client):
    import docx

    client.force_login(demo["judge"])
    before = timezone.localdate()
    response = client.post(
        reverse("documents:case", args=[issued_case.id]),
        {"template_code": "judgment", "action": "docx", "detail_reasoning": "借贷关系合法有效。"},
    )
    after = timezone.localdate()  # the draft is dated the day it is made: midnight may pass
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert issued_case.case_number in text
    assert "上海市长宁区人民法院" in text and "民事判决书" in text
    assert "借贷关系合法有效" in text and "原告：张三" in text
    assert any(chinese_date(day) in text for day in {before, after})


# --- scoping ---------------------------------------------------------------------------------


def _other_litigant():
    from yunting.accounts.models import User

    return User.objects.get(phone="13900000002")  # 李四, no part in the case


def test_download_is_scoped(issued_case, demo, client):
    defendant = issued_case.parties.get(role="defendant")
    to_all = _issue(issued_case, demo["clerk"], "judgment")
    to_plaintiff = _issue(issued_case, demo["clerk"], "summons", recipient=_plaintiff(issued_case))
    to_defendant = _issue(issued_case, demo["clerk"], "response_notice", recipient=defendant)

    def status(user, doc):
        client.force_login(user)
        return client.get(reverse("documents:download", args=[doc.id])).status_code

    for user in (demo["litigant"], demo["lawyer"]):  # the plaintiff and the plaintiff's lawyer
        assert status(user, to_all) == 200
        assert status(user, to_plaintiff) == 200
        assert status(user, to_defendant) == 404
    for doc in (to_all, to_plaintiff, to_defendant):
        assert status(demo["clerk"], doc) == 200
        assert status(_other_litigant(), doc) == 404
    from yunting.accounts.models import User

    assert status(User.objects.get(phone="13900000022"), to_all) == 404  # other court's judge
    client.logout()
    response = client.get(reverse("documents:download", args=[to_all.id]))
    assert response.status_code == 302  # to the login page


def test_download_returns_the_stored_bytes(issued_case, demo, client):
    doc = _issue(issued_case, demo["clerk"])
    client.force_login(demo["litigant"])
    response = client.get(reverse("documents:download", args=[doc.id]))
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert body == _bytes(doc)


def test_case_documents_selector_scopes(issued_case, demo):
    from yunting.documents.selectors import case_documents, document_get_for_user

    doc = _issue(issued_case, demo["clerk"], "response_notice",
                 recipient=issued_case.parties.get(role="defendant"))  # fmt: skip
    assert list(case_documents(user=demo["judge"], case=issued_case)) == [doc]
    assert list(case_documents(user=demo["litigant"], case=issued_case)) == []
    assert list(case_documents(user=_other_litigant(), case=issued_case)) == []
    from django.http import Http404

    with pytest.raises(Http404):
        document_get_for_user(user=demo["litigant"], document_id=doc.id)
    with pytest.raises(Http404):
        document_get_for_user(user=demo["judge"], document_id="not-a-uuid")


def test_case_page_is_for_staff_of_the_court(issued_case, demo, client):
    url = reverse("documents:case", args=[issued_case.id])
    client.force_login(demo["litigant"])
    assert client.get(url).status_code == 404
    from yunting.accounts.models import User

    client.force_login(User.objects.get(phone="13900000022"))
    assert client.get(url).status_code == 404
    client.force_login(demo["clerk"])
    response = client.get(url)
    assert response.status_code == 200
    plaintiff = _plaintiff(issued_case)
    response = client.post(
        url,
        {"template_code": "summons", "recipient": str(plaintiff.id), "action": "issue",
         "detail_hearing_time": "2026-12-10T09:30", "detail_hearing_place": "本院第一法庭",
         "detail_summons_reason": "开庭审理"},
    )  # fmt: skip
    assert response.status_code == 302
    doc = IssuedDocument.objects.get()
    assert doc.recipient == plaintiff and doc.extra["hearing_place"] == "本院第一法庭"
    assert doc.extra["hearing_time"] == "2026年12月10日上午9时30分"
    assert "本院第一法庭" in _text(_bytes(doc))
    page = client.get(url).content.decode()
    assert reverse("documents:download", args=[doc.id]) in page


def test_bad_detail_is_a_form_error(issued_case, demo, client):
    client.force_login(demo["clerk"])
    response = client.post(
        reverse("documents:case", args=[issued_case.id]),
        {"template_code": "summons", "action": "issue", "detail_hearing_time": "下周三",
         "detail_hearing_place": "本院第一法庭", "detail_summons_reason": "开庭审理"},
    )  # fmt: skip
    assert response.status_code == 200
    assert 'data-field="detail_hearing_time"' in response.content.decode()
    assert "field-error" in response.content.decode()
    assert not IssuedDocument.objects.exists()


# --- verification input ----------------------------------------------------------------------


def _unsigned_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BAD_UPLOADS = [
    ("empty", b"", DocumentErrorCode.EMPTY_FILE),
    ("not_pdf", b"GIF89a not a pdf at all", DocumentErrorCode.NOT_PDF),
    ("garbage", b"%PDF-1.7\n" + os.urandom(2000), DocumentErrorCode.UNREADABLE_PDF),
    ("unsigned", None, DocumentErrorCode.NO_SIGNATURE),
]


@pytest.mark.parametrize(("name", "data", "code"), BAD_UPLOADS)
def test_api_bad_uploads_get_a_clear_400(name, data, code, client, db):
    data = _unsigned_pdf() if data is None else data
    response = client.post(
        "/api/v1/documents/verify",
        {"file": io.BytesIO(data) if data else _named(b"")},
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == (code if data else DocumentErrorCode.EMPTY_FILE)
    assert response.json()["detail"]


def _named(data: bytes, name: str = "x.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_api_missing_and_oversize(client, db, monkeypatch):
    assert client.post("/api/v1/documents/verify", {}).json()["code"] == "no_file"
    from yunting.documents import api

    monkeypatch.setattr(api, "MAX_BYTES", 10)
    response = client.post("/api/v1/documents/verify", {"file": _named(b"%PDF-" + b"0" * 50)})
    assert response.status_code == 400 and response.json()["code"] == "too_large"


def test_api_verifies_a_real_document(issued_case, demo, client):
    doc = _issue(issued_case, demo["clerk"])
    response = client.post("/api/v1/documents/verify", {"file": _named(_bytes(doc))})
    assert response.status_code == 200
    data = response.json()
    assert data["valid"] and data["signature_valid"] and data["unmodified"]
    assert data["ledger_sequence"] == doc.ledger_seq
    assert data["document"]["verification_code"] == doc.verification_code


@pytest.mark.parametrize(("name", "data", "code"), BAD_UPLOADS)
def test_verify_page_bad_uploads(name, data, code, client, db):
    data = _unsigned_pdf() if data is None else data
    response = client.post(reverse("documents:verify"), {"file": _named(data)})
    # An empty upload is "no file" to Django: the form asks for one (200); the rest are 400.
    assert response.status_code == (400 if data else 200)
    assert 'role="alert"' in response.content.decode()


def test_verify_page_shows_valid_and_recorded(issued_case, demo, client):
    doc = _issue(issued_case, demo["clerk"])
    response = client.post(reverse("documents:verify"), {"file": _named(_bytes(doc))})
    page = response.content.decode()
    assert 'data-testid="verdict-valid"' in page
    assert str(doc.ledger_seq) in page and "上海市长宁区人民法院" in page


def test_command_prints_json_and_exits_non_zero_when_invalid(issued_case, demo, tmp_path, capsys):
    doc = _issue(issued_case, demo["clerk"])
    good = tmp_path / "good.pdf"
    good.write_bytes(_bytes(doc))
    call_command("documents", "verify", str(good))
    data = json.loads(capsys.readouterr().out)
    assert data["signature_valid"] is True and data["unmodified"] is True
    assert data["ledger_sequence"] == doc.ledger_seq and data["signer"] == "上海市长宁区人民法院"

    bad = tmp_path / "bad.pdf"
    tampered = bytearray(_bytes(doc))
    tampered[len(tampered) // 2] ^= 0xFF
    bad.write_bytes(bytes(tampered))
    with pytest.raises(SystemExit) as exit_info:
        call_command("documents", "verify", str(bad))
    assert exit_info.value.code == 1
    assert json.loads(capsys.readouterr().out)["valid"] is False

    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"hello")
    with pytest.raises(SystemExit) as exit_info:
        call_command("documents", "verify", str(junk))
    assert exit_info.value.code == 2
    assert json.loads(capsys.readouterr().out)["code"] == "not_pdf"


# --- keys ------------------------------------------------------------------------------------


def test_keys_are_files_with_mode_0600(issued_case, demo, settings):
    _issue(issued_case, demo["judge"], "judgment", sign_as_judge=True)
    base = settings.KEYS_DIR / "documents"
    keys = [base / "ca.key", *(base / "courts").glob("*.key"), *(base / "judges").glob("*.key")]
    assert len(keys) >= 3
    for path in keys:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(base.stat().st_mode) == 0o700


def test_configured_certificate_is_used(issued_case, demo, settings, tmp_path):
    """Production points YUNTING_SIGNING_CERT/KEY at its own certificate (here: one issued by
    a separate CA given as YUNTING_SIGNING_CHAIN, which verification then trusts)."""
    from yunting.documents import pki

    settings.KEYS_DIR = tmp_path / "other-ca"
    creds = pki.court_credentials(issued_case.court)
    chain = tmp_path / "chain.pem"
    chain.write_bytes(Path(creds.chain_paths[0]).read_bytes())
    settings.KEYS_DIR = tmp_path / "local"
    settings.YUNTING_SIGNING_CERT = creds.cert_path
    settings.YUNTING_SIGNING_KEY = creds.key_path
    settings.YUNTING_SIGNING_CHAIN = str(chain)
    doc = _issue(issued_case, demo["clerk"])
    assert verify_pdf(_bytes(doc)).valid
    settings.YUNTING_SIGNING_CHAIN = ""  # without trusting that CA, the signature is untrusted
    assert not verify_pdf(_bytes(doc)).signature_valid


# --- templates -------------------------------------------------------------------------------


def test_templates_are_seeded_and_edits_add_versions(demo, client):
    from yunting.documents.services import template_get_active

    assert template_get_active(code="summons").version == 1
    url = reverse("documents:template_edit", args=["summons"])
    client.force_login(demo["clerk"])
    assert client.get(url).status_code == 404  # court administrators only
    client.force_login(demo["court_admin"])
    page = client.get(url)
    assert page.status_code == 200
    body = template_get_active(code="summons").body.replace("注意事项", "注意事项（新版）")
    preview = client.post(url, {"body": body, "action": "preview"})
    assert 'data-testid="preview-image"' in preview.content.decode()
    assert DocumentTemplate.objects.filter(code="summons").count() == 1
    response = client.post(url, {"body": body, "note": "措辞", "action": "save"})
    assert response.status_code == 302
    response = client.post(url, {"body": body + "\n", "note": "再改", "action": "save"})
    assert response.status_code == 302
    # The court's own versions; the platform default stays as shipped
    versions = list(DocumentTemplate.objects.filter(code="summons").order_by("version", "pk"))
    court = demo["court_admin"].role_assignments.get().court
    assert sorted((v.court_id == court.id, v.version, v.is_active) for v in versions) == [
        (False, 1, True), (True, 1, False), (True, 2, True)
    ]  # fmt: skip
    own = [v for v in versions if v.court_id]
    assert "新版" in own[0].body and "新版" not in template_get_active(code="summons").body
    assert Entry.objects.filter(event_type=DocumentEvent.TEMPLATE_SAVED).count() == 2

    broken = client.post(url, {"body": "{% if %}", "action": "save"})
    assert broken.status_code == 200 and 'role="alert"' in broken.content.decode()
    assert DocumentTemplate.objects.filter(code="summons").count() == 3
    assert client.get(reverse("documents:templates")).status_code == 200


def test_issued_document_names_its_template_version(issued_case, demo):
    from yunting.documents.services import template_save

    body = DocumentTemplate.objects.get(code="summons").body
    for tail in ("\n", "\n\n"):
        template_save(code="summons", body=body + tail, actor=demo["court_admin"],
                      court=issued_case.court)  # fmt: skip
    doc = _issue(issued_case, demo["clerk"], "summons")
    assert doc.template_version == 2 and doc.template.court == issued_case.court
    payload = Entry.objects.get(seq=doc.ledger_seq).payload
    assert (
        payload["template_version"] == 2 and payload["verification_code"] == doc.verification_code
    )


def test_templates_cannot_fetch_external_resources(issued_case, demo):
    from yunting.documents.services import template_save

    body = DocumentTemplate.objects.get(code="summons").body.replace(
        "{% block body %}", '{% block body %}<img src="http://example.invalid/x.png">'
    )
    template_save(code="summons", body=body, actor=demo["court_admin"], court=issued_case.court)
    doc = _issue(issued_case, demo["clerk"], "summons")  # renders without any network call
    assert verify_pdf(_bytes(doc)).valid


def test_portal_fragment_lists_documents(issued_case, demo, rf):
    from django.template.loader import render_to_string

    from yunting.documents.selectors import case_documents

    doc = _issue(issued_case, demo["clerk"])
    request = rf.get("/")
    request.user = demo["litigant"]
    html = render_to_string(
        "documents/_case_documents.html",
        {"documents": case_documents(user=demo["litigant"], case=issued_case)},
        request=request,
    )
    assert reverse("documents:download", args=[doc.id]) in html and doc.verification_code in html
