from __future__ import annotations

import pytest

from yunting.evidence import services
from yunting.evidence.models import Consent

from .conftest import make_lawyer

pytestmark = pytest.mark.django_db


def test_foreign_user_gets_404_on_page_and_acts(setup, client):
    s = setup
    client.force_login(make_lawyer("13900000032", "钱律师"))
    url = f"/evidence/cases/{s['case'].id}/"
    assert client.get(url).status_code == 404
    assert client.post(url + "consent/", {"agreed": "yes"}).status_code == 404
    assert client.post(url + "pleading/", {"kind": "defence", "text": "x"}).status_code == 404


def test_refusal_on_the_page_shows_synchronous_mode(setup, client):
    s = setup
    services.exchange_propose(case=s["case"], actor=s["assistant"])
    client.force_login(s["d_lawyer"])
    url = f"/evidence/cases/{s['case'].id}/"
    r = client.post(url + "consent/", {"agreed": "no"}, follow=True)
    assert r.status_code == 200
    body = r.content.decode()
    assert 'data-testid="sync-notice"' in body
    assert Consent.objects.get().agreed is False
    # a second answer is refused with its reason, nothing changed
    r = client.post(url + "consent/", {"agreed": "yes"}, follow=True)
    assert "不可更改" in r.content.decode()
    assert Consent.objects.count() == 1
