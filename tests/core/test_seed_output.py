"""``seed_demo`` (and so ``./yt demo``) prints each demo login's e-mail next to its phone."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from yunting.demo.people import PEOPLE


@pytest.mark.django_db
def test_the_demo_logins_list_phones_and_emails():
    out = io.StringIO()
    call_command("seed_demo", "--no-filings", stdout=out)
    text = out.getvalue()
    for _role, phone, *_rest in PEOPLE:
        line = next(ln for ln in text.splitlines() if phone in ln)
        assert f"{phone}@demo.yunting.invalid" in line
