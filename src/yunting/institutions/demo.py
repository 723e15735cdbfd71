"""Demo data for the institution API: the demo bank (示范银行诉讼专员) has a named read-only
key, a webhook endpoint and a small batch of loan filings already processed (one row bad), so
the filing officer finds a batch group on the review queue and the bank finds a report."""

from __future__ import annotations

import json

from yunting.accounts.models import User

from .batch import batch_process, batch_receive, file_upload
from .keys import key_create
from .models import ApiKey, Batch, WebhookEndpoint
from .webhooks import endpoint_create

ROWS = 12


def _doc(n: int, complaint: str) -> dict:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = f"31010419850{n % 9 + 1}01{n + 100:03d}"
    number = body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return {
        "ref": f"DEMO-LOAN-{n:04d}",
        "court": "沪0105",
        "cause": "金融借款合同纠纷",
        "facts": f"被告向原告借款{10 + n}万元，逾期未还（示范批量第{n}件）。",
        "parties": [
            {
                "role": "plaintiff",
                "kind": "organisation",
                "name": "示范银行股份有限公司",
                "id_number": "91350100M000100Y43",
                "address": "上海市徐汇区示范路1号",
                "representative": "张行长",
                "electronic_service": True,
            },
            {
                "role": "defendant",
                "kind": "person",
                "name": f"示范借款人{n}",
                "id_number": number,
                "address": f"上海市长宁区示范路{n}号",
            },
        ],
        "claims": [{"text": "判令被告归还借款本金", "amount": f"{(10 + n) * 10000}.00"}],
        "documents": [{"kind": "complaint", "sha256": complaint, "name": "起诉状.pdf"}],
    }


def seed_demo_institutions(pdf) -> int:
    """Idempotent: does nothing once the demo batch exists. ``pdf(title)`` makes a PDF."""
    bank = User.objects.filter(phone="13900000004").first()
    if bank is None or Batch.objects.filter(owner=bank).exists():
        return 0
    if not ApiKey.objects.filter(owner=bank).exists():
        key_create(user=bank, name="示范核心系统（只读）", scopes=["read"])
    if not WebhookEndpoint.objects.filter(owner=bank).exists():
        # An endpoint on a port nothing listens on: its deliveries show retries and failures.
        endpoint_create(
            user=bank,
            url="http://127.0.0.1:9/yunting-hook",
            events_chosen=["filing.accepted", "filing.refused", "hearing.fixed"],
        )
    complaint = file_upload(user=bank, name="起诉状.pdf", data=pdf("民事起诉状（示范批量）")).sha256
    rows = [_doc(n, complaint) for n in range(1, ROWS + 1)]
    rows[-1]["court"] = "火9999"  # one bad row, so the report shows a rejection
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
    batch, _created = batch_receive(user=bank, name="示范银行-2026年12月批量.jsonl", data=data)
    return batch_process(batch=batch).created_count
