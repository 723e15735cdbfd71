"""Checking a PDF someone holds: signatures, integrity, and its record in the ledger.

The answer is built only from the file itself, the court CA and the ledger: a document
verifies even if its IssuedDocument row were lost, and a forged row cannot make a forged file
verify (the ledger's Merkle tree is signed separately)."""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from yunting.core.errors import FileError, FileErrorCode
from yunting.core.files import check_upload

from .errors import DocumentError, DocumentErrorCode

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024


@dataclass
class SignatureReport:
    field: str
    signer: str
    organisation: str
    role: str
    intact: bool
    valid: bool
    trusted: bool
    coverage: str
    modification: str
    signed_at: str | None


@dataclass
class VerificationReport:
    sha256: str
    signature_valid: bool
    signer: str | None
    signers: list[str]
    unmodified: bool
    recorded: bool
    ledger_sequence: int | None
    ledger_time: str | None
    valid: bool
    document: dict[str, Any] | None
    signatures: list[SignatureReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# core's upload check, in this app's words (what a person holding a court document is told)
_FROM_UPLOAD_CHECK = {
    FileErrorCode.EMPTY: DocumentErrorCode.EMPTY_FILE,
    FileErrorCode.TOO_LARGE: DocumentErrorCode.TOO_LARGE,
    FileErrorCode.BAD_TYPE: DocumentErrorCode.NOT_PDF,
    FileErrorCode.DAMAGED: DocumentErrorCode.UNREADABLE_PDF,
    # a decompression bomb or a check that ran out of time never reaches pyHanko
    FileErrorCode.TOO_COMPLEX: DocumentErrorCode.UNREADABLE_PDF,
    FileErrorCode.TIMEOUT: DocumentErrorCode.UNREADABLE_PDF,
}


def check_pdf_upload(data: bytes | None) -> bytes:
    """Refuse what cannot be a court document before the signatures are read: the one upload
    check (``core.files.check_upload``) restricted to PDF, its refusals as document errors."""
    if data is None:
        raise DocumentError(DocumentErrorCode.NO_FILE)
    try:
        check_upload(data, max_bytes=MAX_BYTES, content_types=frozenset({"application/pdf"}))
    except FileError as exc:
        code = _FROM_UPLOAD_CHECK.get(exc.error_code)
        if code is None:  # encrypted, no pages, too many pages: core's own words
            raise DocumentError(
                DocumentErrorCode.UNACCEPTABLE_FILE, message=exc.messages[0]
            ) from exc
        raise DocumentError(code, limit=MAX_BYTES // (1024 * 1024)) from exc
    return data


def validation_context():
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import ValidationContext

    from .pki import trust_root_pems

    roots = []
    for blob in trust_root_pems():
        for _type, _headers, der in asn1_pem.unarmor(blob, multiple=True):
            roots.append(asn1_x509.Certificate.load(der))
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _name_part(cert, key: str) -> str:
    try:
        return str(cert.subject.native.get(key, "") or "")
    except Exception:  # pragma: no cover - malformed names
        return ""


def verify_pdf(data: bytes) -> VerificationReport:
    """Verify ``data``; raises :class:`DocumentError` only for input that is not a signed PDF."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError

    from yunting.ledger.selectors import entries_for_hash

    from .events import DocumentEvent
    from .pdfwork import outside_event_loop
    from .selectors import document_by_sha256

    data = check_pdf_upload(data)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise DocumentError(DocumentErrorCode.UNREADABLE_PDF) from exc
    except Exception as exc:  # any parser failure is a damaged file, never a 500
        logger.info("unreadable PDF: %r", exc)
        raise DocumentError(DocumentErrorCode.UNREADABLE_PDF) from exc
    if not embedded:
        raise DocumentError(DocumentErrorCode.NO_SIGNATURE)

    vc = validation_context()
    reports: list[SignatureReport] = []
    problems: list[str] = []
    allowed = {
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    }
    unmodified = True
    for index, sig in enumerate(embedded):
        last = index == len(embedded) - 1
        try:
            status = outside_event_loop(validate_pdf_signature, sig, vc)
        except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"{sig.field_name}: {exc}")
            reports.append(
                SignatureReport(sig.field_name, "", "", "", False, False, False, "", "", None)
            )
            unmodified = False
            continue
        except Exception as exc:  # a mangled signature is an invalid signature
            logger.info("signature validation failed: %r", exc)
            problems.append(f"{sig.field_name}: {type(exc).__name__}")
            reports.append(
                SignatureReport(sig.field_name, "", "", "", False, False, False, "", "", None)
            )
            unmodified = False
            continue
        cert = status.signing_cert
        coverage = status.coverage.name if status.coverage is not None else ""
        modification = status.modification_level.name if status.modification_level else ""
        if last and coverage != "ENTIRE_FILE":
            unmodified = False
            problems.append(f"{sig.field_name}: bytes were appended after the last signature")
        if not last and status.modification_level not in allowed:
            unmodified = False
            problems.append(f"{sig.field_name}: the document was changed after this signature")
        if not status.intact:
            unmodified = False
        signed_at = status.signer_reported_dt.isoformat() if status.signer_reported_dt else None
        reports.append(
            SignatureReport(
                field=sig.field_name,
                signer=_name_part(cert, "common_name"),
                organisation=_name_part(cert, "organization_name"),
                role=_name_part(cert, "organizational_unit_name"),
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                coverage=coverage,
                modification=modification,
                signed_at=signed_at,
            )
        )
    signature_valid = bool(reports) and all(r.intact and r.valid and r.trusted for r in reports)
    entries = [e for e in entries_for_hash(sha256) if e.event_type == DocumentEvent.ISSUED]
    entry = entries[0] if entries else None
    doc = document_by_sha256(sha256=sha256)
    document = None
    if doc is not None:
        document = {
            "title": doc.title,
            "court": doc.court.name,
            "case_number": doc.case.case_number,
            "issued_at": doc.issued_at.isoformat(),
            "verification_code": doc.verification_code,
        }
    court_sig = reports[-1] if reports else None
    report = VerificationReport(
        sha256=sha256,
        signature_valid=signature_valid,
        signer=court_sig.signer if court_sig and court_sig.signer else None,
        signers=[r.signer for r in reports if r.signer],
        unmodified=unmodified and signature_valid,
        recorded=entry is not None,
        ledger_sequence=entry.seq if entry else None,
        ledger_time=entry.time.isoformat() if entry else None,
        valid=False,
        document=document,
        signatures=reports,
        problems=problems,
    )
    report.valid = report.signature_valid and report.unmodified and report.recorded
    return report


# --- by code --------------------------------------------------------------------------------

# Crockford's decoding of what people misread or mistype from paper.
_CROCKFORD_FIXES = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def normalise_code(text: str) -> str:
    """``7k3qw 9xm2p`` / ``7K3QW9XM2P`` / ``7K3QW-9XM2P`` → ``7K3QW-9XM2P``; ``""`` if it
    cannot be a code (ten characters of the verification alphabet)."""
    from .services import CODE_ALPHABET

    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum()).translate(_CROCKFORD_FIXES)
    if len(raw) != 10 or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return f"{raw[:5]}-{raw[5:]}"


@dataclass
class CodeReport:
    """What the code printed on a paper copy tells about the document behind it: its record,
    for the holder to compare with the paper. It says nothing about a file (upload it for
    that), and shows no party's details."""

    verification_code: str
    title: str
    court: str
    case_number: str
    issued_at: Any
    sha256: str
    recorded: bool
    ledger_sequence: int | None
    ledger_time: Any

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["issued_at"] = self.issued_at.isoformat()
        data["ledger_time"] = self.ledger_time.isoformat() if self.ledger_time else None
        return data


def verify_code(text: str) -> CodeReport:
    """Look a verification code up; the record counts as recorded only if its ledger entry
    names the same code and the same file hash."""
    from yunting.ledger.models import Entry

    from .models import IssuedDocument

    code = normalise_code(text)
    if not code:
        raise DocumentError(DocumentErrorCode.UNKNOWN_CODE)
    doc = (
        IssuedDocument.objects.filter(verification_code=code)
        .select_related("court", "case")
        .first()
    )
    if doc is None:
        raise DocumentError(DocumentErrorCode.UNKNOWN_CODE)
    entry = Entry.objects.filter(seq=doc.ledger_seq).first()
    recorded = entry is not None and doc.sha256 in (entry.document_hashes or [])
    return CodeReport(
        verification_code=code,
        title=doc.title,
        court=doc.court.name,
        case_number=doc.case.case_number,
        issued_at=doc.issued_at,
        sha256=doc.sha256,
        recorded=recorded,
        ledger_sequence=entry.seq if recorded else None,
        ledger_time=entry.time if recorded else None,
    )
