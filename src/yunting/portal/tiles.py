"""The portal's task tiles. A tile shows only once the feature behind it exists and the
person may use it, so the home page never leads to a dead end."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tile:
    url_name: str
    title: Promise
    hint: Promise
    icon: str
    needs_login: bool = True
    roles: tuple[str, ...] = ()  # shown only to people holding one of these roles


# DESIGN.md order: 我要立案, 交费, 案件查询, 网上阅卷, 我的送达, 开庭与调解, 诉讼费计算.
TILES: tuple[Tile, ...] = (
    Tile("filing:start", _("File a case"), _("Start an online filing"), "file"),
    Tile("fees:my_orders", _("Pay fees"), _("Court fees due on your cases"), "pay"),
    Tile("cases:my_cases", _("My cases"), _("Status, deadlines and documents"), "search"),
    Tile("efile:my_files", _("Read case files"), _("The electronic case file"), "book"),
    Tile("service:my_service", _("Documents served"), _("Documents the court sent you"), "mail"),
    Tile("hearings:my_hearings", _("My hearings"), _("Join or reschedule"), "video"),
    Tile("mediation:my", _("My mediations"), _("Settle a dispute before going to court"), "book"),
    Tile(
        "institutions:home",
        _("API keys and webhooks"),
        _("Your systems' access to the institution API"),
        "book",
        roles=("institution",),
    ),
    Tile(
        "fees:calculator",
        _("Fee calculator"),
        _("Work out a court fee"),
        "calc",
        needs_login=False,
    ),
    Tile(
        "filing:interest_calculator",
        _("Interest calculator"),
        _("Loan interest within the legal cap"),
        "calc",
        needs_login=False,
    ),
    Tile(
        "filing:traffic_calculator",
        _("Traffic accident compensation"),
        _("Work out compensation after an accident"),
        "calc",
        needs_login=False,
    ),
)


def visible_tiles(user) -> list[dict]:
    shown = []
    for tile in TILES:
        if tile.needs_login and not user.is_authenticated:
            continue
        if tile.roles:
            from yunting.accounts.selectors import user_roles

            if not user.is_authenticated or not user_roles(user=user) & set(tile.roles):
                continue
        try:
            url = reverse(tile.url_name)
        except NoReverseMatch:
            continue
        shown.append({"url": url, "title": tile.title, "hint": tile.hint, "icon": tile.icon})
    return shown
