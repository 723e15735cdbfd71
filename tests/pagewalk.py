"""Every GET page of the site, each with a demo user who may see it and the ids that fill its
URL, built from the URL conf so that a new app's pages are walked without anyone listing them.

Used by the English-completeness test, the 390-px primary-button test and the axe walk.

How an entry is found: every named URL pattern outside ``SKIP_PREFIXES`` is reversed with
candidate values for its keyword arguments (``KWARGS``: kwarg name, or ``namespace:kwarg``
where one name means different things in different apps, -> candidate values; an unknown
``<thing>_id`` is filled from the model named ``Thing``), or with the kwargs ``STATES`` gives
it (each one a state of the page, all walked: a hearing room before and during the hearing),
and requested with the
Django test client (a made-up id where the demo has no object, so a POST target still
answers 405), first anonymously, then as each demo user in ``USER_ORDER``. The first
combination answering 200 with a whole HTML document is the page. A 405 means the URL is not
a GET page (a form's POST target). Whatever is neither is reported in ``Walk.unreached`` so a
test can say which row of the tables to add.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

# Not pages a person reads: the API (its own tests), Django's admin, translation plumbing.
SKIP_PREFIXES = ("api/", "django-admin/", "i18n/", "jsi18n/")


def _ids(model: str, order: str = "pk", limit: int = 4, **filters) -> Callable[[], list]:
    def values() -> list:
        manager = apps.get_model(model).objects
        return list(manager.filter(**filters).order_by(order).values_list("pk", flat=True)[:limit])

    return values


def _values(*fixed) -> Callable[[], list]:
    return lambda: list(fixed)


def _filing_ids() -> list:
    """One filing in each status (a draft for its owner, a submitted one for the officer...)."""
    Filing = apps.get_model("filing.Filing")
    seen, out = set(), []
    for pk, status, guided in Filing.objects.order_by("created_at").values_list(
        "pk", "status", "guided_kind"
    ):
        if (status, bool(guided)) not in seen:
            seen.add((status, bool(guided)))
            out.append(pk)
    return out


def _slugs(model: str, field_name: str) -> Callable[[], list]:
    def values() -> list:
        qs = apps.get_model(model).objects.order_by(field_name)
        return list(qs.values_list(field_name, flat=True).distinct()[:6])

    return values


def _guided_kinds() -> list:
    from yunting.filing import guided

    return list(guided.QUESTIONNAIRES)


def _guided_steps() -> list:
    """The first question screen (one page per URL name is walked)."""
    from yunting.filing import guided

    return [next(iter(guided.QUESTIONNAIRES.values())).step_keys[1]]


def _rows(model: str, *fields: str, order: str = "pk", limit: int = 4, **filters):
    def values() -> list:
        qs = apps.get_model(model).objects.filter(**filters).order_by(order)
        return list(qs.values_list(*fields, flat=len(fields) == 1)[:limit])

    return values


def _link_tokens() -> list:
    """Recipient links of the demo's e-mail and SMS attempts that still run."""
    from yunting.service.links import link_token
    from yunting.service.models import AttemptStatus, ServiceAttempt

    live = ServiceAttempt.objects.exclude(link_key="").exclude(
        status__in=[AttemptStatus.BOUNCED, AttemptStatus.FAILED]
    )
    return [link_token(a) for a in live.order_by("created_at")[:2]]


def _ical_tokens() -> list:
    from yunting.accounts.models import User
    from yunting.hearings.ical import subscription_token

    return [subscription_token(u) for u in User.objects.filter(phone__in=USER_ORDER[:3])]


def _service_parties() -> list[dict]:
    """(case, party) of the parties the service desk has confirmed addresses of."""
    rows = _rows("service.AddressConfirmation", "party__case_id", "party_id", order="confirmed_at")
    return [{"case_id": case, "party_id": party} for case, party in rows()]


def _attachments() -> list[dict]:
    rows = _rows("filing.FilingAttachment", "filing_id", "pk", order="uploaded_at")
    return [{"filing_id": filing, "attachment_id": pk} for filing, pk in rows()]


def _hearing_states() -> list[dict]:
    """Every state the demo has a hearing in (scheduled, in session...), one hearing each."""
    Hearing = apps.get_model("hearings.Hearing")
    first = {}
    for pk, status in Hearing.objects.order_by("starts_at").values_list("pk", "status"):
        first.setdefault(status, pk)
    return [{"hearing_id": pk} for pk in first.values()]


def _volume_kinds() -> list:
    from yunting.efile.models import VolumeKind

    return list(VolumeKind.values)


# kwarg name -> candidate values (called once the demo data exists). A kwarg named
# ``<thing>_id`` that is not here is filled from the model named ``<Thing>`` (any app).
KWARGS: dict[str, Callable[[], list]] = {
    "case_id": _ids("cases.Case", "accepted_on"),
    "filing_id": _filing_ids,
    "document_id": _ids("documents.IssuedDocument", "issued_at", limit=2),
    "batch_id": _ids("documents.Batch", limit=1),
    "item_id": _ids("efile.Item", limit=2),
    "order_id": _ids("fees.FeeOrder", limit=3),
    "payment_id": _ids("fees.Payment", limit=2),
    "application_id": _ids("fees.ReliefApplication", limit=2),
    "attachment_id": _ids("filing.FilingAttachment", limit=2),
    "party_id": _ids("filing.FilingParty", limit=1),
    "claim_id": _ids("filing.FilingClaim", limit=1),
    "out_trade_no": _slugs("fees.Payment", "out_trade_no"),
    "code": _slugs("documents.DocumentTemplate", "code"),
    "kind": lambda: _volume_kinds() + _guided_kinds(),
    "step": _guided_steps,
    "provider": _values("test"),
    "page": _values(1),
    "draft_id": lambda: _model_ids("draft"),
    "key_id": _ids("institutions.ApiKey", limit=1),
    "endpoint_id": _ids("institutions.WebhookEndpoint", limit=1),
    "delivery_id": _ids("institutions.Delivery", limit=1),
    # one kwarg name, another app's thing
    "filing:batch_id": _ids("filing.AcceptanceBatch", "created_at", limit=2),
    "service:batch_id": _ids("service.ServiceBatch", "created_at", limit=2),
    "service:task_id": _ids("service.ServiceTask", "created_at", limit=6),
    "service:notice_id": _ids("service.PublicNotice", "published_on", limit=2),
    "service:attempt_id": _ids("service.ServiceAttempt", "created_at", channel="inbox"),
    "service_link:token": _link_tokens,
    "hearings:token": _ical_tokens,
    "fees:payment_id": _ids("fees.Payment", "created_at", receipt__isnull=False),
}

# URL name -> the kwargs of each state of the page worth a look of its own (all are walked),
# or of pages whose kwargs belong together (a party of that case).
STATES: dict[str, Callable[[], list[dict]]] = {
    "service:addresses": _service_parties,
    "filing:attachment_download": _attachments,
    "hearings:room": _hearing_states,
    "hearings:witness_application": lambda: [
        {"hearing_id": h, "application_id": a}
        for h, a in _rows("hearings.WitnessApplication", "hearing_id", "pk", order="applied_at")()
    ],
    "hearings:witness": lambda: [
        {"token": t} for t in _rows("hearings.Participant", "token", order="pk", role="witness")()
    ],
}

# Named URLs that are not pages and cannot tell so by themselves (name -> why).
NOT_WALKED = {
    "ledger:verify_proof_json": "JSON for the verify page's script, needs a query",
    "ledger:verify_bundle_json": "a proof bundle download, needs a document hash as query",
    "accounts:register_confirm": "a step that needs the code sent during registration",
    "accounts:password_reset_confirm": "a step that needs the code sent for a reset",
    "hearings:recording_chunk": "JSON for the clerk's recorder (resume point of an upload)",
}

# Who is tried, in order, after the anonymous visitor: litigants first so a portal page is
# seen as a litigant sees it, then the court's people (phones of yunting.demo.people.PEOPLE).
USER_ORDER = [
    "13900000001",  # 张三, litigant
    "13900000003",  # 王律师, lawyer
    "13900000011",  # 陈立案, filing officer
    "13900000015",  # 郑书记员, clerk
    "13900000012",  # 刘法官, judge (division head)
    "13900000018",  # 钱财务, finance
    "13900000019",  # 赵管理员, court administrator
    "13900000016",  # 孙送达, service officer
    "13900000017",  # 何调解员, mediator
    "13900000014",  # 吴助理, judge's assistant
    "13900000004",  # institution
    "13900000002",  # 李四
]


@dataclass(frozen=True)
class Page:
    name: str  # namespaced URL name
    url: str
    phone: str | None  # the demo user who sees it; None: anonymous
    workbench: bool  # rendered in the court's workbench layout (else the public portal)


@dataclass
class Walk:
    pages: list[Page] = field(default_factory=list)
    not_get: list[str] = field(default_factory=list)  # POST targets (405 on GET)
    redirects: list[str] = field(default_factory=list)  # send every visitor elsewhere
    fragments: list[str] = field(default_factory=list)  # htmx partials, files, JSON
    unreached: dict[str, str] = field(default_factory=dict)  # name -> why
    errors: dict[str, str] = field(default_factory=dict)  # name -> a 500 seen on the way


def url_patterns() -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """(route, namespaced name, [(converter, kwarg name)]) of every named pattern outside
    SKIP_PREFIXES."""

    def walk(patterns: Iterable, prefix: str, namespace: str):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, route, ns)
            elif isinstance(p, URLPattern) and p.name:
                if route.startswith(SKIP_PREFIXES) or route.startswith("^"):
                    continue
                kwargs = re.findall(r"<(?:(\w+):)?(\w+)>", route)
                yield route, namespace + p.name, kwargs

    seen = set()
    for route, name, kwargs in walk(get_resolver().url_patterns, "", ""):
        if name not in seen:
            seen.add(name)
            yield route, name, kwargs


def _model_ids(suffix: str) -> list:
    """Ids of the first Yunting model whose name ends with ``suffix`` (JudgmentDraft...)."""
    for model in apps.get_models():
        if model.__module__.startswith("yunting.") and model.__name__.lower().endswith(suffix):
            return list(model.objects.order_by("pk").values_list("pk", flat=True)[:3])
    return []


def _candidates(kwarg: str, namespace: str = "") -> list:
    if f"{namespace}:{kwarg}" in KWARGS:
        return KWARGS[f"{namespace}:{kwarg}"]()
    if kwarg in KWARGS:
        return KWARGS[kwarg]()
    if kwarg.endswith("_id"):
        wanted = kwarg[:-3].replace("_", "")
        for model in apps.get_models():
            if model.__module__.startswith("yunting.") and model.__name__.lower() == wanted:
                return list(model.objects.order_by("pk").values_list("pk", flat=True)[:3])
    return []


def _is_document(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html") and b"<html" in (
        response.content[:400].lower()
    )


def make_clients(language: str = "") -> dict[str | None, Client]:
    """A logged-in test client per demo user (key: phone; None: anonymous)."""
    from django.conf import settings

    from yunting.accounts.models import User

    def client() -> Client:
        c = Client(raise_request_exception=False)
        if language:
            c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return c

    clients: dict[str | None, Client] = {None: client()}
    for user in User.objects.filter(phone__in=USER_ORDER):
        clients[user.phone] = client()
        clients[user.phone].force_login(user)
    _pass_checks(clients)
    return clients


def _pass_checks(clients: dict[str | None, Client]) -> None:
    """What a visitor's session holds once they pass the checks before a page: the second
    identity check before a hearing (every seat of a demo user), and for the anonymous visitor
    (who came by the link) a witness's opened link and the recipient's check of a service
    link. The browser walk gives the anonymous visitor the same session."""
    from django.utils import timezone

    from yunting.hearings import room
    from yunting.hearings.consumers import witness_session_key
    from yunting.hearings.models import Participant, ParticipantRole
    from yunting.service.links import link_resolve
    from yunting.service.views import SESSION_KEY

    now = timezone.now().isoformat()
    for phone, client in clients.items():
        if phone is None:
            continue
        session = client.session
        for seat in Participant.objects.filter(user__phone=phone):
            room.identity_remember(session, seat, now)
        session.save()
    session = clients[None].session  # made and given to the client on first use
    session[SESSION_KEY] = [str(link_resolve(token).id) for token in _link_tokens()]
    for seat in Participant.objects.filter(role=ParticipantRole.WITNESS, removed_at=None):
        session[witness_session_key(seat.hearing_id)] = str(seat.pk)  # came by their link
    session.save()


def build(clients: dict[str | None, Client] | None = None) -> Walk:
    """Walk the URL conf against the current database (the demo data must be loaded)."""
    clients = clients or make_clients()
    who = [None, *[p for p in USER_ORDER if p in clients]]
    walk = Walk()
    for _route, name, kwargs in url_patterns():
        if name in NOT_WALKED:
            continue
        if name in STATES:
            _walk_states(walk, name, who, clients)
            continue
        kwarg_names = [k for _converter, k in kwargs]
        options = [_candidates(k, name.rpartition(":")[0]) for k in kwarg_names]
        missing = [k for k, o in zip(kwarg_names, options, strict=True) if not o]
        if missing:
            # A made-up value still tells a POST target (405 before any lookup) from a page.
            made_up = {"uuid": uuid.uuid4(), "int": 999_999, "path": "x", "slug": "x", "": "x"}
            options = [
                o or [made_up.get(c, "x")] for (c, _k), o in zip(kwargs, options, strict=True)
            ]
        urls = []
        for combo in itertools.product(*options):
            try:
                urls.append(reverse(name, kwargs=dict(zip(kwarg_names, combo, strict=True))))
            except NoReverseMatch:
                continue
        found = _first_page(walk, name, urls, who, clients)
        if found is not None:
            walk.pages.append(found)
        elif missing and name in walk.unreached:
            walk.unreached[name] = (
                f"no demo value for {', '.join(missing)} (seed one, or add it to KWARGS)"
            )
    return walk


def _walk_states(walk: Walk, name: str, who, clients) -> None:
    """Each state of a ``STATES`` page is a page of its own (or one download / redirect)."""
    states = STATES[name]()
    if not states:
        walk.unreached[name] = "no demo object in any of its states (seed one in the demo)"
    for kwargs in states:
        found = _first_page(walk, name, [reverse(name, kwargs=kwargs)], who, clients)
        if found is not None:
            walk.pages.append(found)
        if name in walk.not_get + walk.fragments + walk.redirects + list(walk.unreached):
            return


def _first_page(walk: Walk, name: str, urls: list[str], who, clients) -> Page | None:
    statuses = set()
    for url in urls[:40]:
        for phone in who:
            response = clients[phone].get(url)
            statuses.add(response.status_code)
            if response.status_code == 405:
                walk.not_get.append(name)
                return None
            if response.status_code >= 500:
                walk.errors[name] = f"{url} as {phone}: {response.status_code}"
            if response.status_code == 200:
                if not _is_document(response):
                    walk.fragments.append(name)
                    return None
                workbench = any(
                    (t.name or "").startswith("workbench/base") for t in response.templates
                )
                return Page(name, url, phone, workbench)
    if statuses == {302}:
        walk.redirects.append(name)
    else:
        walk.unreached[name] = f"no user saw a page (statuses {sorted(statuses)})"
    return None


def seed() -> None:
    """The demo (courts, people, filings in every state, cases, an e-file) plus what the demo
    leaves for a visitor to create: a guided draft and a started online payment."""
    from yunting.accounts.models import User
    from yunting.courts.models import Court
    from yunting.documents.services import batch_create
    from yunting.fees.models import FeeOrder
    from yunting.fees.services.payments import payment_start
    from yunting.fees.services.relief import relief_apply
    from yunting.filing import guided
    from yunting.filing.demo import demo_pdf

    call_command("seed_demo", stdout=io.StringIO())  # the one place that seeds the demo
    litigant = User.objects.get(phone=USER_ORDER[0])
    court = Court.objects.get(code="沪0105")
    guided.guided_start(user=litigant, court=court, kind=next(iter(guided.QUESTIONNAIRES)))
    order = FeeOrder.objects.filter(payer__user=litigant).order_by("created_at").first()
    if order is not None:
        with transaction.atomic():
            payment_start(order=order, user=litigant, provider_code="test")
            relief_apply(
                order=order,
                user=litigant,
                kind="deferral",
                reasons="【演示】家庭困难",
                proof_name="proof.pdf",
                proof_data=demo_pdf("经济困难证明"),
                until=order.pay_by + dt.timedelta(days=30),
            )
    # The parties and lawyers have read the rules, consented and tested their devices for
    # the demo's hearings (the room, not the preparation step, is what they see next).
    from yunting.hearings.models import Participant, ParticipantRole
    from yunting.hearings.room import participant_prepare

    for seat in Participant.objects.filter(
        user__phone__in=USER_ORDER, role__in=[ParticipantRole.PARTY, ParticipantRole.LAWYER]
    ):
        participant_prepare(participant=seat, consent=True, rules=True, device_ok=True)
    case = order.case if order is not None else None
    if case is not None:
        with transaction.atomic():
            batch_create(
                actor=User.objects.get(phone="13900000015"),
                court=case.court,
                template_code="acceptance_notice",
                case_ids=[case.id],
            )
