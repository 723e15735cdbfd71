"""Reads of the e-file, scoped like everything else: whoever may see the case sees its 正卷;
only the court's staff see the 副卷 (for anyone else it does not exist: 404)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from yunting.accounts.selectors import user_staff_assignments
from yunting.cases.models import Case
from yunting.cases.selectors import case_get_for_user, case_list_for_user

from . import search
from .errors import EfileError, EfileErrorCode
from .models import Borrow, Efile, Item, PageText, Volume, VolumeKind

MAX_RESULTS = 50


def user_is_case_staff(*, user, case: Case) -> bool:
    return any(a.court_id == case.court_id for a in user_staff_assignments(user=user))


def efile_for_case(*, case: Case) -> Efile:
    from .services import efile_ensure

    return efile_ensure(case=case)


def visible_volume_kinds(*, user, case: Case) -> list[str]:
    if user_is_case_staff(user=user, case=case):
        return [VolumeKind.MAIN, VolumeKind.SUB]
    return [VolumeKind.MAIN]


def volume_get_for_user(*, user, case_id, kind: str) -> Volume:
    case = case_get_for_user(user=user, case_id=case_id)
    if kind not in visible_volume_kinds(user=user, case=case):
        raise Http404
    efile = efile_for_case(case=case)
    return efile.volumes.select_related("efile__case__court").get(kind=kind)


def item_get_for_user(*, user, item_id: uuid.UUID | str) -> Item:
    try:
        item = Item.objects.select_related("volume__efile__case__court").get(pk=item_id)
    except (Item.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    case = case_get_for_user(user=user, case_id=item.volume.efile.case_id)
    if item.volume.kind not in visible_volume_kinds(user=user, case=case):
        raise Http404
    return item


@dataclass
class CatalogueRow:
    item: Item
    first_page: int
    last_page: int


def volume_catalogue(*, volume: Volume) -> list[CatalogueRow]:
    """Items in order with page numbers running through the volume."""
    rows, page = [], 1
    for item in volume.items.order_by("position"):
        rows.append(CatalogueRow(item=item, first_page=page, last_page=page + item.pages - 1))
        page += item.pages
    return rows


def item_first_page(*, item: Item) -> int:
    before = item.volume.items.filter(position__lt=item.position).values_list("pages", flat=True)
    return 1 + sum(before)


def page_text(*, item: Item, page: int) -> PageText | None:
    return item.texts.filter(page=page).first()


@dataclass
class SearchHit:
    case: Case
    item: Item
    page: int
    volume_page: int
    snippet: str


def search_pages(*, user, query: str, case: Case | None = None) -> list[SearchHit]:
    """Pages holding every word of ``query``, in the cases ``user`` may see (one case when
    given); the 副卷 only for the court's staff."""
    query = (query or "").strip()
    qwords = search.query_words(query)
    if not qwords:
        raise EfileError(EfileErrorCode.NO_QUERY)
    sql, params = search.matching_page_ids_sql(qwords)
    cases = case_list_for_user(user=user)
    if case is not None:
        cases = cases.filter(pk=case.pk)
    staff_courts = {a.court_id for a in user_staff_assignments(user=user)}
    texts: QuerySet[PageText] = (
        PageText.objects.extra(where=[f"efile_pagetext.id IN ({sql})"], params=params)  # noqa: S610
        .filter(item__volume__efile__case__in=cases.values("pk"))
        .select_related("item__volume__efile__case")
        .order_by("-id")
    )
    found = []
    for t in texts[: MAX_RESULTS * 2]:
        c = t.item.volume.efile.case
        if t.item.volume.kind == VolumeKind.SUB and c.court_id not in staff_courts:
            continue
        found.append(t)
        if len(found) >= MAX_RESULTS:
            break
    # First page of each item within its volume: one query per volume, not per hit.
    starts: dict = {}
    for volume_id in {t.item.volume_id for t in found}:
        page = 1
        for item_id, pages in (
            Item.objects.filter(volume_id=volume_id).order_by("position").values_list("id", "pages")
        ):
            starts[item_id] = page
            page += pages
    return [
        SearchHit(
            case=t.item.volume.efile.case,
            item=t.item,
            page=t.page,
            volume_page=starts.get(t.item_id, 1) + t.page - 1,
            snippet=search.snippet(t.text, query, qwords),
        )
        for t in found
    ]


def efile_borrows(*, efile: Efile) -> list[Borrow]:
    """Requests to borrow the archived file back, for the case's staff (the caller checked)."""
    return list(Borrow.objects.filter(efile=efile).select_related("requested_by"))


def borrow_get(*, case: Case, borrow_id: uuid.UUID | str) -> Borrow:
    """One borrowing request of this case's e-file; any other id is a 404."""
    try:
        return Borrow.objects.get(pk=borrow_id, efile__case=case)
    except (Borrow.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


def item_deposit_marks(items) -> dict:
    """The judicial chain's mark on each item whose upload matched a deposit (issue 22):
    ``{item id: {"outcome": "deposited" | "altered", "deposit": {...}, ...}}``."""
    from yunting.ledger.deposits import check_data, checks_for

    checks = checks_for(source="efile_item", source_ids=[str(i.id) for i in items])
    return {i.id: check_data(checks[str(i.id)]) for i in items if str(i.id) in checks}
