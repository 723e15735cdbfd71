"""Filings in the standard's format, for tests and the bench."""

from __future__ import annotations

import datetime as dt
import json

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
BANK_USCC = "91350100M000100Y43"


def citizen_id(n: int) -> str:
    """A valid 18-character citizen ID (GB 11643 check character), distinct per ``n``."""
    born = dt.date(1970, 1, 1) + dt.timedelta(days=n // 900)
    body = f"110101{born:%Y%m%d}{n % 900 + 100:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


def filing_doc(n: int, *, complaint: str, court: str = "沪0105") -> dict:
    return {
        "ref": f"LOAN-{n:06d}",
        "court": court,
        "cause": "金融借款合同纠纷",
        "facts": f"被告于2025年向原告借款，约定到期归还，至今未还（合同第{n}号）。",
        "parties": [
            {
                "role": "plaintiff",
                "kind": "organisation",
                "name": "示范银行股份有限公司",
                "id_number": BANK_USCC,
                "address": "上海市徐汇区示范路1号",
                "representative": "张行长",
                "electronic_service": True,
                "email": "legal@bank.example",
            },
            {
                "role": "defendant",
                "kind": "person",
                "name": f"借款人{n}",
                "id_number": citizen_id(n),
                "address": f"上海市徐汇区某路{n}号",
                "phone": "13800000000",
            },
        ],
        "claims": [{"text": "判令被告归还借款本金", "amount": f"{10000 + n}.00"}],
        "documents": [{"kind": "complaint", "sha256": complaint, "name": "起诉状.pdf"}],
    }


def spoil(doc: dict, how: str) -> dict:
    """One of the bad rows of the issue: dates/IDs, amounts, unknown courts, causes."""
    if how == "id":
        doc["parties"][1]["id_number"] = doc["parties"][1]["id_number"][:17] + (
            "0" if doc["parties"][1]["id_number"][17] != "0" else "1"
        )
    elif how == "amount":
        doc["claims"][0]["amount"] = "12,000.5"
    elif how == "court":
        doc["court"] = "火9999"
    elif how == "cause":
        doc["cause"] = "不存在的纠纷"
    return doc


BAD_FIELD = {
    "id": "parties.1.id_number",
    "amount": "claims.0.amount",
    "court": "court",
    "cause": "cause",
}


def batch_lines(
    count: int, *, complaint: str, bad_every: int = 100
) -> tuple[bytes, dict[int, str]]:
    """``count`` JSON lines, one in ``bad_every`` spoiled (cycling through the kinds, and a
    duplicate of the row before); returns the bytes and {row: kind} of the bad rows."""
    kinds = ["id", "amount", "court", "cause", "duplicate"]
    lines, bad = [], {}
    for row in range(1, count + 1):
        if row % bad_every == 0:
            kind = kinds[(row // bad_every) % len(kinds)]
            bad[row] = kind
            if kind == "duplicate":
                doc = filing_doc(row - 1, complaint=complaint)
                doc["ref"] = f"LOAN-{row:06d}"
            else:
                doc = spoil(filing_doc(row, complaint=complaint), kind)
        else:
            doc = filing_doc(row, complaint=complaint)
        lines.append(json.dumps(doc, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode(), bad
