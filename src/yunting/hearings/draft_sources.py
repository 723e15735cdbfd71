"""What the hearings app gives a judgment draft (``judgments.sources``): how the case was
heard (审理经过), from the hearings held and who took part."""

from __future__ import annotations

from django.utils import timezone


def hearing_draft_source(case) -> dict[str, str]:
    from .models import Hearing, HearingStatus, ParticipantRole

    held = list(
        Hearing.objects.filter(case=case, status=HearingStatus.CLOSED).order_by("starts_at")
    )
    if not held:
        return {}
    days = "、".join(
        "{d.year}年{d.month}月{d.day}日".format(d=timezone.localdate(h.opened_at or h.starts_at))
        for h in held
    )
    how = "通过在线方式" if all(h.online for h in held) else ""
    present = []
    for p in (
        held[-1]
        .participants.filter(role__in=(ParticipantRole.PARTY, ParticipantRole.LAWYER))
        .select_related("party")
    ):
        if p.role == ParticipantRole.LAWYER:
            present.append(f"{p.party.name}的委托诉讼代理人{p.name}")
        elif p.user_id:
            present.append(p.name)
    text = f"本院于{days}{how}公开开庭进行了审理"
    text += f"，{'、'.join(present)}到庭参加诉讼。" if present else "。"
    return {"hearing_summary": text}
