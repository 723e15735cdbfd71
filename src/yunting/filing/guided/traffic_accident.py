"""Motor vehicle traffic accidents (机动车交通事故责任纠纷): the screens, and the claims and
facts they give: the compulsory insurance first, the rest at the other driver's share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yunting.rules.errors import RuleError
from yunting.rules.traffic import GROUPS, parse_grade, pick_standard, traffic_compensation

from .composition import (
    Answers,
    ClaimLine,
    ComposeContext,
    Composition,
    Questionnaire,
    Step,
    composition,
    other_claims,
)
from .fields import AmountField, DayField, GuidedForm, RateField, display, text_field
from .interest import cn_date, yuan
from .traffic_lines import item_name, losses_with_computed_items, parse_dependants, traffic_lines

VICTIM_KINDS = [
    ("pedestrian", _("Pedestrian")),
    ("non_motor", _("Cyclist or other non-motor vehicle")),
    ("passenger", _("Passenger of the vehicle that caused it")),
    ("passenger_other", _("Passenger of another vehicle")),
    ("driver", _("Driver of another motor vehicle")),
]
LIABILITY = [
    ("full", _("Full responsibility (全部责任)")),
    ("main", _("Main responsibility (主要责任)")),
    ("equal", _("Equal responsibility (同等责任)")),
    ("minor", _("Minor responsibility (次要责任)")),
    ("none", _("No responsibility (无责任)")),
    ("undetermined", _("Not determined")),
]
LOSS_GROUPS = GROUPS
LOSS_GROUPS_ALL = tuple(name for names in LOSS_GROUPS.values() for name in names)


class AccidentForm(GuidedForm):
    """交通事故发生情况: 时间、地点、经过、车辆."""

    occurred = DayField(label=_("Date of the accident"), required=True)
    place = text_field(_("Place of the accident"), required=True)
    course = text_field(_("What happened"), required=True, rows=4)
    victim = forms.ChoiceField(label=_("You were"), choices=VICTIM_KINDS)
    plate = text_field(_("Number plate of the vehicle that caused it"), required=True)
    driver = text_field(_("Its driver"), required=True)
    owner = text_field(_("Its owner, if not the driver"))


class LiabilityForm(GuidedForm):
    """交通事故责任认定、机动车投保情况（交强险、商业三者险）."""

    report_number = text_field(_("Number of the accident report (事故认定书)"))
    authority = text_field(_("Police department that issued it"))
    liability = forms.ChoiceField(label=_("Responsibility of the other driver"), choices=LIABILITY)
    share = RateField(
        label=_("Share of the loss you claim from them (%)"),
        help_text=_("Leave empty to use the usual share for their responsibility."),
    )
    compulsory_insurer = text_field(_("Compulsory insurance (交强险) insurer"))
    commercial_insurer = text_field(_("Third-party liability insurance (商业三者险) insurer"))
    commercial_limit = AmountField(label=_("Third-party liability insurance limit"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("report_number"):
            self.require(data, "authority")
        if data.get("liability") == "undetermined" and data.get("share") is None:
            self.add_error("share", _("Without an accident report, say what share you claim."))
        if data.get("commercial_limit") and not data.get("commercial_insurer"):
            self.add_error("commercial_insurer", _("Name the insurer of this limit."))
        return data


class LossesForm(GuidedForm):
    """损失项目: 医疗费、误工费、护理费、交通费、残疾赔偿金、财产损失等."""

    medical = AmountField(label=_("Medical expenses (医疗费)"))
    hospital_food = AmountField(label=_("Hospital meal allowance (住院伙食补助费)"))
    nutrition = AmountField(label=_("Nutrition (营养费)"))
    nursing = AmountField(label=_("Nursing care (护理费)"))
    lost_income = AmountField(label=_("Lost income (误工费)"))
    transport = AmountField(label=_("Transport (交通费)"))
    age = forms.IntegerField(
        label=_("Age of the injured person when the disability was assessed (or at death)"),
        required=False,
        min_value=0,
        max_value=130,
    )
    disability_grade = text_field(_("Disability grade, if assessed (e.g. 十级)"))
    died = forms.BooleanField(label=_("The injured person died"), required=False)
    lost_days = forms.IntegerField(
        label=_("Days off work"), required=False, min_value=0, max_value=3650
    )
    income_year = AmountField(
        label=_("Yearly income before the accident"),
        help_text=_("Leave empty to use the average wage of the court's region."),
    )
    dependants = text_field(
        _(
            "Dependants (one a line: age, number of people who support them, "
            "无劳动能力 if an adult)"
        ),
        rows=2,
    )
    disability = AmountField(
        label=_("Disability compensation (残疾赔偿金)"),
        help_text=_("Computed from the age and grade when both are given."),
    )
    aids = AmountField(label=_("Disability aids (残疾辅助器具费)"))
    death = AmountField(label=_("Death compensation (死亡赔偿金)"))
    funeral = AmountField(label=_("Funeral expenses (丧葬费)"))
    mental = AmountField(label=_("Emotional damage (精神损害抚慰金)"))
    property = AmountField(label=_("Property loss, e.g. vehicle repair (财产损失)"))
    appraisal = AmountField(label=_("Appraisal fees (鉴定费)"))
    other = AmountField(label=_("Other losses"))
    other_note = text_field(_("What the other losses are"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            grade = parse_grade(data.get("disability_grade"))
        except RuleError:
            self.add_error("disability_grade", _("A disability grade is 一级 to 十级 (1 to 10)."))
            grade = None
        try:
            people = parse_dependants(data.get("dependants") or "")
        except ValueError as exc:
            self.add_error(
                "dependants",
                _("Line %(line)s: write the age and the number of supporters, e.g. 10 2.")
                % {"line": exc.args[0]},
            )
            people = ()
        needs_age = (
            (grade and not data.get("disability"))
            or (data.get("died") and not data.get("death"))
            or people
        )
        if needs_age and data.get("age") is None:
            self.require(data, "age")
        computable = (grade and data.get("age") is not None) or data.get("died")
        typed = any(data.get(name) for name in LOSS_GROUPS_ALL)
        if not computable and not data.get("lost_days") and not typed:
            self.add_error(None, _("Enter at least one loss with its amount."))
        if data.get("other"):
            self.require(data, "other_note")
        return data


class TrafficClaimsForm(GuidedForm):
    """诉讼请求之外的要素: 其他请求、诉讼保全、申请鉴定、证据清单."""

    other = text_field(_("Other claims"), rows=2)
    preservation = forms.BooleanField(label=_("I will apply to freeze assets"), required=False)
    appraisal_request = forms.BooleanField(
        label=_("I will ask the court for an appraisal (鉴定)"), required=False
    )
    evidence = text_field(_("Evidence (one per line)"), rows=4)


def compose_traffic_accident(a: Answers, ctx: ComposeContext) -> Composition:
    """交通事故: the items computed from the court's standards where the answers allow
    (残疾/死亡赔偿金, 丧葬费, 被扶养人生活费, 误工费: ``rules.traffic.injury_items``); losses
    within the compulsory insurance limits in force on the accident day, by group, claimed in
    full; the rest at the share for the other driver's responsibility (court setting) or the
    share claimed (``rules.traffic.traffic_compensation``, the same as the public calculator)."""
    acc, lia, los, cl = a["accident"], a["liability"], a["losses"], a["claims"]
    ad, ld = acc.cleaned_data, lia.cleaned_data
    liability = ld["liability"]
    standard = pick_standard(
        ctx.rules.get("injury_standards") or {},
        region=ctx.rules.get("province") or "",
        before_year=ctx.today.year,
    )
    items, steps = losses_with_computed_items(los, standard)
    result = traffic_compensation(
        accident_on=ad["occurred"],
        victim=ad["victim"],
        liability=liability,
        items=items,
        share=ld.get("share"),
        shares=ctx.rules.get("traffic_shares"),
    )
    steps += traffic_lines(result, victim=display(acc.fields["victim"], ad["victim"]))
    compulsory, excess_claim = result.compulsory, result.excess_claim
    limit = ld.get("commercial_limit")
    if limit and excess_claim > limit:
        steps.append(
            gettext(
                "%(over)s is above the third-party liability insurance limit of %(limit)s and "
                "falls on the driver or owner."
            )
            % {"over": yuan(excess_claim - limit), "limit": yuan(limit)}
        )
    breakdown = "、".join(
        f"{item_name(n)}{yuan(items[n])}" for n in LOSS_GROUPS_ALL if items.get(n)
    )
    claims = []
    if compulsory > 0:
        claims.append(
            ClaimLine(
                gettext(
                    "Order the defendants to compensate the plaintiff %(amount)s within the "
                    "limits of the compulsory motor vehicle insurance (%(insurer)s)."
                )
                % {
                    "amount": yuan(compulsory),
                    "insurer": ld.get("compulsory_insurer") or gettext("insurer not known"),
                },
                compulsory,
            )
        )
    if excess_claim > 0:
        claims.append(
            ClaimLine(
                gettext(
                    "Order the defendants to compensate the plaintiff %(amount)s of the losses "
                    "above the compulsory insurance, %(insurer)s paying within the third-party "
                    "liability insurance."
                )
                % {
                    "amount": yuan(excess_claim),
                    "insurer": ld.get("commercial_insurer") or gettext("the insurer"),
                },
                excess_claim,
            )
        )
    claims += other_claims(cl)
    claims.append(ClaimLine(gettext("Order the defendants to bear the costs of this case.")))
    facts = [
        gettext(
            "On %(date)s at %(place)s, the vehicle %(plate)s driven by %(driver)s was in an "
            "accident with the plaintiff %(plaintiff)s (%(victim)s): %(course)s"
        )
        % {
            "date": cn_date(ad["occurred"]),
            "place": ad["place"],
            "plate": ad["plate"],
            "driver": ad["driver"],
            "plaintiff": ctx.plaintiff,
            "victim": display(acc.fields["victim"], ad["victim"]),
            "course": ad["course"].rstrip("。.") + "。",
        }
    ]
    if ad.get("owner"):
        facts.append(gettext("The vehicle belongs to %(owner)s.") % {"owner": ad["owner"]})
    if ld.get("report_number"):
        facts.append(
            gettext("%(authority)s found in report %(number)s that %(driver)s bears %(liability)s.")
            % {
                "authority": ld["authority"],
                "number": ld["report_number"],
                "driver": ad["driver"],
                "liability": display(lia.fields["liability"], liability),
            }
        )
    insurers = [i for i in (ld.get("compulsory_insurer"), ld.get("commercial_insurer")) if i]
    if insurers:
        facts.append(
            gettext("The vehicle is insured with %(insurers)s.") % {"insurers": "、".join(insurers)}
        )
    facts.append(gettext("The plaintiff's losses are: %(items)s.") % {"items": breakdown})
    facts.append(
        gettext(
            "Under Articles 1179, 1183 and 1208 of the Civil Code and Article 76 of the Road "
            "Traffic Safety Law, the plaintiff brings this suit."
        )
    )
    return composition(TRAFFIC_ACCIDENT, a, claims=claims, computation=steps, facts=facts)


TRAFFIC_ACCIDENT = Questionnaire(
    kind="traffic_accident",
    cause_name="机动车交通事故责任纠纷",
    title=_("Motor vehicle traffic accident liability dispute"),
    hint=_("You were hurt or your property damaged in a road accident."),
    steps=(
        Step("accident", _("The accident"), AccidentForm),
        Step("liability", _("Responsibility and insurance"), LiabilityForm),
        Step("losses", _("Your losses"), LossesForm),
        Step("claims", _("Other requests and evidence"), TrafficClaimsForm),
    ),
    composer=compose_traffic_accident,
)
