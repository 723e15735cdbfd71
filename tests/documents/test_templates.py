"""Templates per court (a court's own version overrides the platform default; each court's
administrator edits only their own) and the sandbox edited templates run in."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from tests.cases.factories import make_case
from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.accounts.services import role_grant
from yunting.courts.models import Court
from yunting.documents.errors import DocumentError, DocumentErrorCode
from yunting.documents.models import DocumentTemplate
from yunting.documents.rendering import render_html
from yunting.documents.services import document_issue, template_get_active, template_save
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


def _text(doc) -> str:
    with default_storage.open(doc.storage_path, "rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


@pytest.fixture
def jingan(demo):
    return Court.objects.get(code="沪0106")


@pytest.fixture
def jingan_admin(jingan, demo):
    user = User.objects.create_user("13900000029", "x-Password-2026", name="静安管理员")
    role_grant(user=user, role=Role.COURT_ADMIN, court=jingan)
    return user


@pytest.fixture
def platform_admin(db):
    return User.objects.create_superuser("13900000099", "x-Password-2026", name="平台管理员")


def _issue(case, actor, code="acceptance_notice"):
    with transaction.atomic():
        return document_issue(
            template_code=code,
            case=case,
            actor=actor,
            recipient=case.parties.get(role="plaintiff"),
        )


def _edited(code="acceptance_notice", mark="长宁特别提示") -> str:
    body = template_get_active(code=code).body
    assert "{% block body %}" in body
    return body.replace("{% block body %}", f"{{% block body %}}<p>{mark}</p>", 1)


def test_changning_edit_does_not_reach_jingan(court, jingan, demo):
    template_save(code="acceptance_notice", body=_edited(), actor=demo["court_admin"], court=court)
    changning_case = make_case(court=court, actor=demo["filing_officer"])
    jingan_officer = User.objects.get(phone="13900000021")
    jingan_case = make_case(court=jingan, actor=jingan_officer)

    assert "长宁特别提示" in _text(_issue(changning_case, demo["filing_officer"]))
    jingan_doc = _issue(jingan_case, jingan_officer)
    assert "长宁特别提示" not in _text(jingan_doc)
    assert jingan_doc.template.court_id is None  # the platform default
    active = template_get_active(code="acceptance_notice", court=court)
    assert (active.court, active.version) == (court, 1)
    assert template_get_active(code="acceptance_notice", court=jingan).court is None
    entry = Entry.objects.filter(event_type="documents.template_saved").get()
    assert entry.court_id == court.id


def test_a_court_admin_edits_only_their_own_court(court, jingan, demo, jingan_admin):
    with pytest.raises(DocumentError) as err:
        template_save(code="summons", body=_edited("summons"), actor=jingan_admin, court=court)
    assert err.value.code == DocumentErrorCode.NOT_TEMPLATE_ADMIN
    with pytest.raises(DocumentError) as raised:  # nor the platform default
        template_save(code="summons", body=_edited("summons"), actor=jingan_admin, court=None)
    assert raised.value.code == DocumentErrorCode.NOT_TEMPLATE_ADMIN
    assert not DocumentTemplate.objects.filter(court__isnull=False).exists()
    assert DocumentTemplate.objects.filter(code="summons").count() == 1


def test_the_editor_saves_to_the_admins_own_court(court, jingan, demo, jingan_admin, client):
    url = reverse("documents:template_edit", args=["acceptance_notice"])
    client.force_login(jingan_admin)
    response = client.post(url, {"body": _edited(mark="静安提示"), "action": "save"})
    assert response.status_code == 302
    own = DocumentTemplate.objects.get(court=jingan)
    assert own.version == 1 and "静安提示" in own.body
    # Changning's administrator still sees and edits the platform default's text
    client.force_login(demo["court_admin"])
    page = client.get(url).content.decode()
    assert "静安提示" not in page
    assert "静安提示" not in template_get_active(code="acceptance_notice", court=court).body
    listing = client.get(reverse("documents:templates")).content.decode()
    assert "own version" not in listing and "本院版本" not in listing


def test_reverting_goes_back_to_the_platform_default(court, demo, client):
    template_save(code="summons", body=_edited("summons"), actor=demo["court_admin"], court=court)
    client.force_login(demo["court_admin"])
    url = reverse("documents:template_edit", args=["summons"])
    assert client.post(url, {"action": "revert"}).status_code == 302
    assert template_get_active(code="summons", court=court).court is None


def test_platform_defaults_belong_to_a_platform_admin(court, demo, platform_admin, client):
    url = reverse("documents:template_edit", args=["summons"]) + "?scope=platform"
    client.force_login(demo["court_admin"])
    body = _edited("summons", "平台提示")
    client.post(url, {"body": body, "action": "save", "scope": "platform"})
    assert template_get_active(code="summons").version == 1  # a court admin cannot
    assert DocumentTemplate.objects.get(court=court).body.count("平台提示") == 1  # own court

    client.force_login(platform_admin)
    assert client.get(reverse("documents:templates")).status_code == 200
    response = client.post(url, {"body": _edited("summons", "平台提示"), "action": "save"})
    assert response.status_code == 302
    default = template_get_active(code="summons")
    assert default.court is None and default.version == 2 and "平台提示" in default.body


def test_other_people_do_not_reach_the_editor(demo, client, jingan_admin):
    url = reverse("documents:template_edit", args=["summons"])
    for user in (demo["litigant"], demo["clerk"]):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(reverse("documents:templates")).status_code == 404


# --- the sandbox ---------------------------------------------------------------------------

HEAD = '{% extends "documents/pdf/base.html" %}{% block body %}'


@pytest.mark.parametrize(
    "snippet",
    [
        "{% debug %}",
        "{% load cache %}{% cache 60 x %}x{% endcache %}",
        "{% load static %}{% get_media_prefix %}",
        "{% load i18n %}{% get_available_languages as l %}{{ l }}",
        "{% load tz %}{% get_current_timezone as z %}{{ z }}",
        "{% csrf_token %}",
        "{% url 'documents:verify' %}",
        "{% now 'Y' %}",
        '{% include "base.html" %}',
        '{% include "workbench/base.html" %}',
        '{% include "documents/pdf/../../../settings.py" %}',
        '{% include "/etc/passwd" %}',
        "{{ court|pprint }}",
    ],
)
def test_the_sandbox_refuses_what_reads_server_state(snippet, court, demo):
    with pytest.raises(DocumentError) as err:
        template_save(
            code="summons",
            body=HEAD + snippet + "{% endblock %}",
            actor=demo["court_admin"],
            court=court,
        )
    assert err.value.code == DocumentErrorCode.BAD_TEMPLATE
    assert not DocumentTemplate.objects.filter(court=court).exists()


def test_the_documents_own_partials_may_be_included(court, demo):
    body = HEAD + '{% include "documents/pdf/_parties.html" %}{% endblock %}'
    template_save(code="summons", body=body, actor=demo["court_admin"], court=court)
    html = render_html(
        body, {"court": {"name": "某法院"}, "parties": [{"lines": ["原告：甲"]}]}, seal=False
    )
    assert "原告：甲" in html


def test_the_shipped_filters_still_load(court, demo):
    body = (
        '{% extends "documents/pdf/base.html" %}{% load doc_filters %}{% block body %}'
        "{{ extra.decision|paragraphs }}{% endblock %}"
    )
    context = {"court": {"name": "某法院"}, "extra": {"decision": "一\n二"}}
    html = render_html(body, context, seal=False)
    assert "<p>一</p><p>二</p>" in html


@pytest.mark.parametrize(
    "body",
    [
        "{% if %}",
        "{% for x in %}{% endfor %}",
        "{% block body %}",
        '{% extends "documents/pdf/missing.html" %}',
        "{{ x|no_such_filter }}",
        "{% widthratio a b %}",
        HEAD + "{% for p in parties %}{{ p.name|date:'Y' }}{% endfor %}{% include nothing %}"
        "{% endblock %}",
    ],
)
def test_every_template_error_is_a_message_in_the_editor(body, court, demo, client):
    client.force_login(demo["court_admin"])
    url = reverse("documents:template_edit", args=["summons"])
    for action in ("save", "preview"):
        response = client.post(url, {"body": body, "action": action})
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-field="body"' in page and "field-error" in page
    assert not DocumentTemplate.objects.filter(court=court).exists()


@pytest.mark.parametrize(
    ("code", "period", "instrument"),
    [
        ("judgment", "十五日", "判决书"),
        ("dismissal_ruling", "十日", "裁定书"),
        ("not_accepted_ruling", "十日", "裁定书"),
    ],
)
def test_the_appeal_notice_adds_thirty_days_for_a_party_without_domicile(
    code, period, instrument, court, demo
):
    """CPL Art. 286: a party without domicile in China appeals within 30 days, and the notice
    says so by name; with no such party the line is not printed."""
    from yunting.documents.context import case_context

    case = make_case(court=court, actor=demo["filing_officer"])
    body = template_get_active(code=code, court=court).body
    line = "在中华人民共和国领域内没有住所的当事人"
    plain = render_html(body, case_context(case), seal=False)
    assert f"送达之日起{period}内" in plain and line not in plain

    defendant = case.parties.get(role="defendant")
    defendant.abroad = True
    defendant.save(update_fields=["abroad"])
    html = render_html(body, case_context(case), seal=False)
    assert f"送达之日起{period}内" in html
    assert f"{line}{defendant.name}，可以在{instrument}送达之日起三十日内提起上诉。" in html
