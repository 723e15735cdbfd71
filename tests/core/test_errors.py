"""The one base error: a code declared once with its message and status, field errors, and
no way to raise an undeclared code."""

from __future__ import annotations

import pickle

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from yunting.cases.errors import CaseError
from yunting.core.errors import YuntingError
from yunting.documents.errors import DocumentError, DocumentErrorCode
from yunting.fees.errors import FeeError, FeeErrorCode
from yunting.filing.errors import FilingError, FilingErrorCode


def test_the_code_carries_message_and_status():
    exc = FilingError(FilingErrorCode.NOT_EDITABLE)
    assert exc.code == "not_editable" == FilingErrorCode.NOT_EDITABLE
    assert exc.http_status == 409 and not exc.error_code.conceal
    with translation.override("en"):
        assert exc.detail == "This filing can no longer be changed."
        assert exc.messages == ["This filing can no longer be changed."]
        assert exc.field_errors() == {"non_field_errors": [exc.detail]}
    assert FilingErrorCode.NOT_YOURS.conceal and FilingErrorCode.NOT_YOURS.http_status == 404


def test_params_fill_the_message_and_fields_name_the_culprit():
    with translation.override("en"):
        exc = FeeError(FeeErrorCode.NOT_PAYABLE, status="paid")
        assert exc.detail == "This fee order cannot be paid now (it is “paid”)."
        on_field = FilingError(FilingErrorCode.AGENT_NOT_IN_FILING, field="agent")
        assert on_field.field_errors() == {"agent": ["That agent does not act in this filing."]}
        assert on_field.message_dict == {"agent": ["That agent does not act in this filing."]}
        many = FilingError(FilingErrorCode.INCOMPLETE, messages=["a", "b"])
        assert many.messages == ["a", "b"] and many.detail == "a"
        assert [e.code for e in many.error_list] == ["incomplete", "incomplete"]


def test_it_is_a_validation_error_so_forms_keep_catching_it():
    with pytest.raises(ValidationError) as caught:
        raise DocumentError(DocumentErrorCode.TOO_LARGE, limit=20)
    assert caught.value.code == "too_large" and "20" in caught.value.detail


def test_an_undeclared_code_cannot_be_raised():
    with pytest.raises(TypeError):
        YuntingError("not_editable")  # a string typed at the call site


def test_apps_errors_are_their_own():
    assert not issubclass(FilingError, CaseError) and not issubclass(FeeError, CaseError)


def test_it_survives_pickling_for_the_workers():
    exc = pickle.loads(pickle.dumps(FeeError(FeeErrorCode.NOTHING_DUE)))  # noqa: S301 (own bytes)
    assert isinstance(exc, FeeError) and exc.code == "nothing_due"
