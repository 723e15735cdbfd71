"""Signing keys and certificates: a local court CA, one seal certificate per court, one
personal certificate per judge. Files under ``settings.KEYS_DIR/documents/``, never in the DB.

Why files: whoever can edit the database must not be able to sign as the court. Private keys
are PKCS#8 PEM, mode 0600, in a 0700 directory; certificates are public. Layout::

    ca.key  ca.pem                      the local CA (trust root of verification)
    courts/<court uuid>.key|.pem        the court's seal certificate (CN = court name)
    judges/<user uuid>.key|.pem         a judge's personal certificate (CN = judge's name)

Production may instead point ``YUNTING_SIGNING_CERT`` / ``YUNTING_SIGNING_KEY`` (environment
or settings) at a certificate and key issued by a real CA (e.g. the court system's own), with
``YUNTING_SIGNING_CHAIN`` naming a PEM bundle of the issuing CA certificates, which are then
trusted by verification too. All keys are EC P-256.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

CA_NAME = "云庭本地法院电子签章根证书"
CA_YEARS = 20
LEAF_YEARS = 5
RENEW_BEFORE = dt.timedelta(days=30)


@dataclass(frozen=True)
class Credentials:
    """Paths of a key, its certificate and the chain above it: picklable for worker processes."""

    key_path: str
    cert_path: str
    chain_paths: tuple[str, ...]
    key_password: str | None = None


def keys_dir() -> Path:
    return Path(settings.KEYS_DIR) / "documents"


def _setting(name: str) -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, "") or "")


@contextmanager
def _locked() -> Iterator[Path]:
    """Serialise key creation between processes (web, workers) sharing KEYS_DIR."""
    d = keys_dir()
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(d / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield d
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _write_private(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".key.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    tmp = path.with_suffix(".pem.tmp")
    tmp.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    os.replace(tmp, path)


def _load_key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def _load_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _name(**parts: str) -> x509.Name:
    oids = {
        "C": NameOID.COUNTRY_NAME,
        "O": NameOID.ORGANIZATION_NAME,
        "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
        "CN": NameOID.COMMON_NAME,
        "UID": NameOID.USER_ID,
    }
    return x509.Name([x509.NameAttribute(oids[k], v) for k, v in parts.items() if v])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _ensure_ca(d: Path) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key_path, cert_path = d / "ca.key", d / "ca.pem"
    if key_path.exists() and cert_path.exists():
        return _load_key(key_path), _load_cert(cert_path)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(C="CN", O="云庭 Yunting", CN=CA_NAME)
    now = _now()
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, key)
    _write_cert(cert_path, cert)
    return key, cert


def _issue(
    ca_key: ec.EllipticCurvePrivateKey, ca_cert: x509.Certificate, subject: x509.Name
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    not_after = min(now + dt.timedelta(days=365 * LEAF_YEARS), ca_cert.not_valid_after_utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


_LEAF_CACHE: dict[tuple, tuple[Credentials, dt.datetime]] = {}


def _leaf(kind: str, ident: uuid.UUID, subject: x509.Name) -> Credentials:
    """Credentials for one holder, issued on first use; remembered by this process while the
    files exist and the certificate is not due for renewal."""
    cache_key = (str(keys_dir()), kind, ident, subject.rfc4514_string())
    cached = _LEAF_CACHE.get(cache_key)
    if cached is not None:
        creds, not_after = cached
        if not_after - _now() > RENEW_BEFORE and os.path.exists(creds.key_path):
            return creds
    creds, not_after = _leaf_from_disk(kind, ident, subject)
    _LEAF_CACHE[cache_key] = (creds, not_after)
    return creds


def _leaf_from_disk(
    kind: str, ident: uuid.UUID, subject: x509.Name
) -> tuple[Credentials, dt.datetime]:
    with _locked() as d:
        key_path = d / kind / f"{ident}.key"
        cert_path = d / kind / f"{ident}.pem"
        fresh = key_path.exists() and cert_path.exists()
        if fresh:
            cert = _load_cert(cert_path)
            # Re-issue when the name changed (a court renamed) or the certificate runs out.
            fresh = cert.subject == subject and cert.not_valid_after_utc - _now() > RENEW_BEFORE
        if not fresh:
            ca_key, ca_cert = _ensure_ca(d)
            key, cert = _issue(ca_key, ca_cert, subject)
            _write_private(key_path, key)
            _write_cert(cert_path, cert)
        creds = Credentials(str(key_path), str(cert_path), (str(d / "ca.pem"),))
        return creds, cert.not_valid_after_utc


def court_credentials(court) -> Credentials:
    """The court's seal key: configured by settings in production, else issued locally."""
    cert, key = _setting("YUNTING_SIGNING_CERT"), _setting("YUNTING_SIGNING_KEY")
    if cert and key:
        chain = _setting("YUNTING_SIGNING_CHAIN")
        return Credentials(
            key, cert, (chain,) if chain else (), _setting("YUNTING_SIGNING_KEY_PASSWORD") or None
        )
    return _leaf("courts", court.id, _name(C="CN", O=court.name, OU="电子签章", CN=court.name))


def judge_credentials(user, court) -> Credentials:
    """A judge's personal key, issued by the local CA on first use."""
    return _leaf(
        "judges",
        user.id,
        _name(C="CN", O=court.name, OU="审判员", CN=user.name, UID=str(user.id)),
    )


def clerk_credentials(user, court) -> Credentials:
    """A clerk's personal key (书记员: certifies the copy, 本件与原本核对无异)."""
    return _leaf(
        "clerks",
        user.id,
        _name(C="CN", O=court.name, OU="书记员", CN=user.name, UID=str(user.id)),
    )


def trust_root_pems() -> list[bytes]:
    """Certificates verification trusts: the local CA and any configured issuing chain."""
    with _locked() as d:
        _ensure_ca(d)
        pems = [(d / "ca.pem").read_bytes()]
    chain = _setting("YUNTING_SIGNING_CHAIN")
    if chain and Path(chain).exists():
        pems.append(Path(chain).read_bytes())
    return pems
