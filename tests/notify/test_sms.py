"""The SMS provider protocol against the local test provider, over real HTTP on loopback."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from yunting.notify.sms import SIGNATURE_HEADER, SmsError, sms_send


def test_a_message_reaches_the_provider_signed(sms_provider):
    message_id = sms_send(to="13900000001", text="【云庭】验证码 123456")
    assert message_id == "test-1"
    assert sms_provider.to("13900000001") == ["【云庭】验证码 123456"]


def test_the_provider_refuses_a_wrong_signature(sms_provider, settings):
    body = json.dumps({"to": "13900000001", "text": "forged"}).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback http
        sms_provider.url, data=body, method="POST", headers={SIGNATURE_HEADER: "0" * 64}
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)  # noqa: S310
    assert info.value.code == 403 and sms_provider.refused == 1
    settings.YUNTING_SMS_KEY = "another-key"
    with pytest.raises(SmsError):
        sms_send(to="13900000001", text="signed with the wrong key")
    assert sms_provider.messages == []


def test_an_unreachable_provider_is_an_error_not_silence(sms_provider, settings):
    url = sms_provider.url
    sms_provider.stop()
    settings.YUNTING_SMS_URL = url
    with pytest.raises(SmsError):
        sms_send(to="13900000001", text="nobody listens")


def test_the_provider_page_is_labelled_as_a_test(sms_provider):
    sms_send(to="13900000001", text="hello")
    page = urllib.request.urlopen(sms_provider.url.replace("/send", "/"), timeout=5).read()  # noqa: S310
    assert "不发送真实短信".encode() in page and b"hello" in page
