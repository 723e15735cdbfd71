"""The mediation pages through the Django test client: scoping, bad input, the review page."""

import pytest
from django.test import Client
from django.urls import reverse

from yunting.mediation import services
from yunting.mediation.models import Dispute, PartySide

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_register_page_bad_input_then_success(people, court) -> None:
    c = _client(people["zhang"])
    url = reverse("mediation:register")
    assert c.get(url).status_code == 200
    bad = c.post(url, {"court": court.pk, "cause_name": "民间借贷纠纷", "speciality": "lending"})
    assert bad.status_code == 200
    assert "field-error" in bad.content.decode()
    bad_phone = c.post(
        url,
        {
            "court": court.pk,
            "cause_name": "民间借贷纠纷",
            "speciality": "lending",
            "claim": "还钱",
            "amount": "abc",
            "facts": "借款未还",
            "my_address": "上海市黄浦区人民路1号",
            "respondent_kind": "person",
            "respondent_name": "李四",
            "respondent_phone": "12345",
        },
    )
    assert bad_phone.status_code == 200 and not Dispute.objects.exists()
    ok = c.post(
        url,
        {
            "court": court.pk,
            "cause_name": "民间借贷纠纷",
            "speciality": "lending",
            "claim": "还钱",
            "amount": "20000",
            "facts": "借款未还",
            "my_address": "上海市黄浦区人民路1号",
            "respondent_kind": "person",
            "respondent_name": "李四",
            "respondent_phone": "13900000002",
        },
    )
    d = Dispute.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse("mediation:dispute", args=[d.id])
    page = _client(people["li"]).get(ok["Location"]).content.decode()
    assert 'data-testid="invitation"' in page


def test_another_party_and_outsiders_get_404(mediating, people) -> None:
    d = mediating
    li_side = d.parties.get(side=PartySide.RESPONDENT)
    outsider = _client(people["outsider"])
    assert outsider.get(reverse("mediation:dispute", args=[d.id])).status_code == 404
    assert outsider.post(reverse("mediation:post", args=[d.id]), {"text": "x"}).status_code == 404
    zhang = _client(people["zhang"])
    side_url = reverse("mediation:post_side", args=[d.id, li_side.id])
    assert zhang.post(side_url, {"text": "偷看"}).status_code == 404
    assert not d.messages.exists()
    liu = _client(people["liu"])
    assert liu.post(side_url, {"text": "单独聊聊"}).status_code == 302
    # 张三's page does not show 李四's private thread; 李四's does.
    assert "单独聊聊" not in zhang.get(reverse("mediation:dispute", args=[d.id])).content.decode()
    assert (
        "单独聊聊"
        in _client(people["li"]).get(reverse("mediation:dispute", args=[d.id])).content.decode()
    )
    # Staff pages: the mediator and the coordinator see it, another court's officer does not.
    staff_url = reverse("mediation:staff_dispute", args=[d.id])
    assert liu.get(staff_url).status_code == 200
    assert _client(people["coordinator"]).get(staff_url).status_code == 200
    from yunting.accounts.models import User

    other_court = User.objects.get(phone="13900000021")
    assert _client(other_court).get(staff_url).status_code == 404


def test_queues_list_what_each_role_handles(register, mediating, people) -> None:
    waiting = register()
    page = _client(people["coordinator"]).get(reverse("mediation:queue")).content.decode()
    assert waiting.number in page
    mine = _client(people["liu"]).get(reverse("mediation:mine")).content.decode()
    assert mediating.number in mine and waiting.number not in mine
    net = _client(people["coordinator"]).get(reverse("mediation:network") + "?by=mediator")
    assert "刘调解员" in net.content.decode()


def test_review_page_shows_the_carried_record(mediating, people) -> None:
    d = mediating
    services.evidence_add(dispute=d, user=people["zhang"], title="借条", purpose="借款事实")
    services.address_confirm(dispute=d, user=people["li"], address="上海市长宁区仙霞路300号")
    services.facts_record(dispute=d, actor=people["liu"], text="借款20000元属实。")
    filing = services.dispute_convert(dispute=d, actor=people["liu"], reason="期限谈不拢")
    page = (
        _client(people["officer"])
        .get(reverse("filing:review_detail", args=[filing.id]))
        .content.decode()
    )
    assert 'data-testid="pre-litigation-record"' in page
    for text in (d.number, "借款20000元属实。", "借条", "上海市长宁区仙霞路300号", "期限谈不拢"):
        assert text in page


def test_refer_a_filing_from_review(submitted_filing, people) -> None:
    officer = _client(people["officer"])
    review = officer.get(reverse("filing:review_detail", args=[submitted_filing.id]))
    assert 'data-testid="refer-to-mediation"' in review.content.decode()
    url = reverse("mediation:refer", args=[submitted_filing.id])
    bad = officer.post(url, {"consent": "", "speciality": "lending"})
    assert bad.status_code == 200
    ok = officer.post(url, {"consent": "原告当面同意", "speciality": "lending"})
    assert ok.status_code == 302
    submitted_filing.refresh_from_db()
    assert submitted_filing.status == "mediating"
    assert _client(people["zhang"]).get(reverse("mediation:my")).status_code == 200
