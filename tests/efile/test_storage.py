"""E-file storage on local files and on a real S3-compatible server (moto_server on loopback,
started by .ci/run, or by this module when run alone): content-addressed writes, multipart for
large files, missing and corrupted objects detected by hash on read."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from yunting.efile import storage
from yunting.efile.errors import EfileError, EfileErrorCode

BUCKET = "yunting-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    endpoint = os.environ.get("YUNTING_TEST_S3_ENDPOINT")
    proc = None
    if not endpoint:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        exe = shutil.which("moto_server") or os.path.join(
            os.path.dirname(sys.executable), "moto_server"
        )
        proc = subprocess.Popen(
            [exe, "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        endpoint = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
    yield endpoint
    if proc is not None:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(params=["local", "s3"])
def backend(request, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.param == "local":
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        }
        yield "local", None
        return
    import boto3
    from boto3.s3.transfer import TransferConfig

    endpoint = request.getfixturevalue("s3_endpoint")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = f"{BUCKET}-{uuid.uuid4().hex[:8]}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "file_overwrite": True,
                "transfer_config": TransferConfig(
                    multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024
                ),
            },
        },
    }
    yield "s3", (client, bucket)


@pytest.mark.django_db
def test_put_get_and_damage_detection(backend):
    kind, s3 = backend
    data = b"%PDF-1.4 " + os.urandom(2048)
    path, sha = storage.put(data, extension="pdf")
    assert sha == hashlib.sha256(data).hexdigest() and sha in path
    assert storage.put(data, extension="pdf") == (path, sha)  # stored once
    assert storage.get(path, sha256=sha) == data
    if kind == "s3":
        client, bucket = s3
        assert client.get_object(Bucket=bucket, Key=path)["Body"].read() == data
    default_storage.delete(path)
    default_storage.save(path, ContentFile(data[:-1] + b"!"))
    with pytest.raises(EfileError) as err:
        storage.get(path, sha256=sha, title="证据")
    assert err.value.code == EfileErrorCode.STORAGE_CORRUPT
    default_storage.delete(path)
    with pytest.raises(EfileError) as err:
        storage.get(path, sha256=sha, title="证据")
    assert err.value.code == EfileErrorCode.STORAGE_MISSING
    assert "证据" in err.value.message


@pytest.mark.django_db
def test_large_file_multipart(backend):
    kind, s3 = backend
    data = os.urandom(11 * 1024 * 1024)
    path, sha = storage.put(data, extension="bin")
    assert storage.get(path, sha256=sha) == data
    if kind == "s3":
        client, bucket = s3
        etag = client.head_object(Bucket=bucket, Key=path)["ETag"]
        assert "-" in etag  # a multipart upload's ETag is "<md5 of parts>-<n>"
