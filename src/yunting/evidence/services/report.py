"""The exchange report (异步质证报告): built from the recorded exchange, rendered and sealed by
the documents app (template ``exchange_report``), filed into the e-file and recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from yunting.cases.models import Case
from yunting.ledger.services import record_event
from yunting.rules import evidence as rules

from .. import events
from ..models import EvidenceItem, Exchange, Opinion, OpinionStatus
from .common import ensure_court, exchange_for

if TYPE_CHECKING:
    from yunting.accounts.models import User

REPORT_TEMPLATE = "exchange_report"
PROPERTY_CN = {
    "authenticity": "真实性",
    "legality": "合法性",
    "relevance": "关联性",
    "purpose": "证明目的",
}
VERDICT_CN = {rules.ADMIT: "认可", rules.DISPUTE: "不认可"}
STATUS_CN = {
    rules.UNDISPUTED: "无争议",
    rules.DISPUTED: "有争议",
    rules.NO_OPINION: "未发表质证意见",
}


@dataclass
class ItemRow:
    item: EvidenceItem
    opinions: list[Opinion] = field(default_factory=list)  # each side's latest, submitted
    replies: list[Opinion] = field(default_factory=list)

    @property
    def status(self) -> str:
        return rules.item_status(o.verdicts for o in self.opinions)


def exchange_rows(exchange: Exchange) -> list[ItemRow]:
    """Every item still in the exchange, with the other sides' current submitted opinions
    (a later opinion replaces an earlier one of the same side) and the submitter's replies."""
    items = (
        EvidenceItem.objects.filter(case=exchange.case, withdrawn_at=None)
        .select_related("party")
        .order_by("party__position", "number")
    )
    submitted = (
        Opinion.objects.filter(item__case=exchange.case, status=OpinionStatus.SUBMITTED)
        .select_related("party", "round")
        .order_by("submitted_at")
    )
    by_item: dict = {}
    for op in submitted:
        by_item.setdefault(op.item_id, []).append(op)
    rows = []
    for item in items:
        latest: dict = {}
        replies = []
        for op in by_item.get(item.id, []):
            if op.reply_to_id:
                replies.append(op)
            else:
                latest[op.party_id] = op
        rows.append(ItemRow(item=item, opinions=list(latest.values()), replies=replies))
    return rows


def _opinion_line(op: Opinion) -> str:
    parts = []
    for name, label in PROPERTY_CN.items():
        verdict = VERDICT_CN.get(getattr(op, name), "—")
        reason = getattr(op, f"{name}_reason")
        parts.append(f"{label}{verdict}" + (f"（{reason}）" if reason else ""))
    extra = f"；{op.text}" if op.text else ""
    return f"{op.party.get_role_display()}{op.party.name}意见：" + "，".join(parts) + extra


def item_lines(row: ItemRow) -> list[str]:
    """One item as the report prints it: the item, each side's opinion, the replies, the
    status. The hearing transcript inserts the same lines, so both read alike."""
    it = row.item
    lines = [
        f"【{it.party.name}证据{it.number}】{it.name}。来源：{it.source}；证明目的：{it.purpose}；"
        f"第{it.page_from}—{it.page_to}页；原件：{'有' if it.original_available else '无'}"
        + ("；逾期提交，经本院准许" if it.late else "")
        + "。"
    ]
    lines += [_opinion_line(op) for op in row.opinions]
    lines += [f"{op.party.name}回应：{op.text}" for op in row.replies]
    lines.append(f"状态：{STATUS_CN[row.status]}")
    return lines


def point_lines(exchange: Exchange) -> list[str]:
    """The points in dispute (争议焦点), numbered, each naming the items it concerns."""
    points = []
    for point in exchange.points.prefetch_related("items__party"):
        linked = "、".join(f"{i.party.name}证据{i.number}" for i in point.items.all())
        points.append(
            f"{point.position}. {point.title}" + (f"（涉及：{linked}）" if linked else "")
        )
    return points


def report_lines(exchange: Exchange) -> tuple[list[str], list[str]]:
    items = [line for row in exchange_rows(exchange) for line in item_lines(row)]
    return items, point_lines(exchange)


@transaction.atomic
def report_issue(*, case: Case, actor: User) -> Exchange:
    from yunting.documents.services import document_issue

    ensure_court(actor, case)
    exchange = exchange_for(case, lock=True)
    items, points = report_lines(exchange)
    rows = exchange_rows(exchange)
    consents = "、".join(
        f"{c.party.name}{'同意' if c.agreed else '不同意'}"
        for c in exchange.consents.select_related("party")
    )
    summary = f"交换方式：{exchange.get_mode_display()}。当事人意见：{consents or '—'}。"
    if exchange.evidence_due_on:
        d = exchange.evidence_due_on
        summary += f"举证期限至{d.year}年{d.month}月{d.day}日。"
    rounds = "；".join(
        f"第{r.number}轮{r.get_kind_display()}（{r.opens_on:%Y-%m-%d}至{r.due_on:%Y-%m-%d}）"
        for r in exchange.rounds.all()
    )
    if rounds:
        summary += f"交换轮次：{rounds}。"
    doc = document_issue(
        template_code=REPORT_TEMPLATE,
        case=case,
        actor=actor,
        extra={
            "exchange_summary": summary,
            "exchange_items": "\n".join(items),
            "dispute_points": "\n".join(points),
        },
    )
    exchange.report = doc
    exchange.save(update_fields=["report"])
    record_event(
        events.report_issued(
            exchange=exchange,
            actor=actor,
            summary={
                "items": len(rows),
                "disputed": sum(1 for r in rows if r.status == rules.DISPUTED),
                "points": exchange.points.count(),
            },
        )
    )
    return exchange
