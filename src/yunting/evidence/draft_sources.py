"""What the evidence app gives a judgment draft (``judgments.sources``): the defence as filed,
the facts no side disputed in the exchange, and the points in dispute the court recorded."""

from __future__ import annotations


def evidence_draft_source(case) -> dict[str, str]:
    from yunting.rules import evidence as rules

    from .models import Exchange, Pleading, PleadingKind
    from .services.report import exchange_rows

    out: dict[str, str] = {}
    defences = Pleading.objects.filter(case=case, kind=PleadingKind.DEFENCE).select_related("party")
    lines = [f"被告{p.party.name}辩称：{p.text.strip()}" for p in defences if p.text.strip()]
    if lines:
        out["defence"] = "\n".join(lines)
    exchange = Exchange.objects.filter(case=case).first()
    if exchange is None:
        return out
    undisputed = [
        f"{row.item.party.name}提交的{row.item.name}（证明{row.item.purpose}）"
        for row in exchange_rows(exchange)
        if row.status == rules.UNDISPUTED
    ]
    if undisputed:
        out["undisputed"] = "；".join(undisputed) + "。"
    points = [p.title for p in exchange.points.order_by("position")]
    if points:
        out["disputes"] = "；".join(f"{i}. {t}" for i, t in enumerate(points, start=1)) + "。"
    return out
