"""Demo data for the judicial chain (issue 22), loaded by ``seed_demo`` only.

The demo bank deposits three records before any dispute (an e-contract, a repayment schedule,
a collection notice); the e-contract is then filed as evidence in an open demo case, so its
e-file shows "deposited by … unaltered since", and an altered copy of the schedule shows as
altered. Three demo witnesses (the higher court and two other courts) get keys under
``KEYS_DIR/demo-witnesses/`` and cosign the latest head, so the public pages show a witnessed
head; ``yunting witness run --dir var/keys/demo-witnesses/w1 --log http://127.0.0.1:8000``
keeps one cosigning.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from django.conf import settings

from yunting.accounts.models import User

from . import note, witness_node, witnessing
from .deposits import deposits_create
from .models import Deposit, Witness
from .services import sign_tree_head

WITNESSES = (
    ("shanghai-high-court.demo/witness", "上海市高级人民法院（演示见证节点）"),
    ("shanghai-1st-intermediate.demo/witness", "上海市第一中级人民法院（演示见证节点）"),
    ("xuhui-court.demo/witness", "上海市徐汇区人民法院（演示见证节点）"),
)


def seed_demo_chain(pdf) -> int:
    """Idempotent: does nothing once the demo bank has deposited. Returns deposits made."""
    bank = User.objects.filter(phone="13900000004").first()
    if bank is None or Deposit.objects.filter(depositor=bank).exists():
        return 0
    contract = pdf("个人借款电子合同 HT-DEMO-0001（示范存证）")
    schedule = pdf("还款计划表 HK-DEMO-0001（示范存证）")
    notice = pdf("催收通知 CS-DEMO-0001（示范存证）")
    items = [
        {
            "sha256": hashlib.sha256(data).hexdigest(),
            "kind": kind,
            "reference": ref,
            "time": "2026-06-01T10:00:00+08:00",
            "metadata": {"system": "示范银行电子签约平台"},
        }
        for data, kind, ref in (
            (contract, "contract", "HT-DEMO-0001"),
            (schedule, "schedule", "HK-DEMO-0001"),
            (notice, "notice", "CS-DEMO-0001"),
        )
    ]
    made = deposits_create(depositor=bank, items=items)
    _file_in_a_case(contract, pdf("还款计划表 HK-DEMO-0001（已改动）"))
    _demo_witnesses()
    return len(made)


def _file_in_a_case(contract: bytes, altered_schedule: bytes) -> None:
    from yunting.cases.models import Case, CaseStatus
    from yunting.efile.services import item_upload

    case = (
        Case.objects.filter(court__code="沪0105", status=CaseStatus.ACCEPTED)
        .order_by("accepted_on", "serial")
        .first()
    )
    clerk = User.objects.filter(phone="13900000015").first()
    if case is None or clerk is None:
        return
    item_upload(case=case, actor=clerk, data=contract, name="借款合同（原告提交）")
    item_upload(case=case, actor=clerk, data=altered_schedule, name="还款计划表HK-DEMO-0001")


def _demo_witnesses() -> None:
    if Witness.objects.exists():
        return
    sth = sign_tree_head()
    vkey = witnessing.log_vkey()
    if sth is None or vkey is None:
        return
    base = Path(settings.KEYS_DIR) / "demo-witnesses"
    dirs = []
    for n, (name, organisation) in enumerate(WITNESSES, start=1):
        d = base / f"w{n}"
        wkey = witness_node.init(d, name=name, log_vkey=vkey, logs=[settings.YUNTING_SITE_URL])
        witnessing.witness_add(name=name, vkey=wkey, organisation=organisation)
        dirs.append(d)
    # registering made entries: sign, then each demo witness cosigns the head it is shown
    sign_tree_head()
    cp = witnessing.latest_checkpoint()
    for d in dirs:
        w = witness_node.Witness(d)
        line = note.cosign(cp.body, w.name, w.key, int(time.time())).line
        witnessing.cosignature_accept(tree_size=cp.tree_size, line=line)
