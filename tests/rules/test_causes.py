"""Causes of action catalogue: packaged data, provenance, lookup and search."""

import json
from collections import Counter
from importlib import resources

import pytest

from yunting.rules import causes
from yunting.rules.errors import RuleError

CN = "零一二三四五六七八九"


def cn(n: int) -> str:
    """Chinese numeral as used by the catalogue for parts and second-level causes (1..99)."""
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def raw(revision: str) -> dict[str, object]:
    text = (
        resources.files("yunting.rules")
        .joinpath("data", f"causes_{revision}.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


def level_counts(revision: str) -> dict[int, int]:
    return dict(Counter(c.level for c in causes.catalogue(revision).entries))


def test_current_revision() -> None:
    assert causes.CURRENT_REVISION == "2026"
    assert causes.REVISIONS == ("2020", "2026")
    assert causes.catalogue().revision == "2026"


@pytest.mark.parametrize("revision", causes.REVISIONS)
def test_data_files_record_their_source(revision: str) -> None:
    data = raw(revision)
    for key in ("title", "document_number", "effective", "complete", "note", "sources", "counts"):
        assert key in data, key
    assert data["sources"]
    for source in data["sources"].values():  # type: ignore[union-attr]
        assert source["title"] and source["address"].startswith("http")
    declared = set(data["sources"])  # type: ignore[arg-type]
    for entry in data["entries"]:  # type: ignore[union-attr]
        assert entry["source"] in declared
    catalogue = causes.catalogue(revision)
    if not catalogue.complete:
        assert "Missing" in catalogue.note


def test_2026_source_is_pinned_and_cross_checked() -> None:
    data = raw("2026")
    primary = data["sources"]["lawlink-2026"]  # type: ignore[index]
    assert primary["commit"] == "de3b39a8220ff3627d7cc7960e9bdbad333883ad"
    assert primary["commit"] in primary["address"]
    assert data["cross_checks"]
    assert "unverified_candidates" not in data


def test_document_numbers() -> None:
    assert causes.catalogue("2020").document_number == "法〔2020〕346号"
    assert causes.catalogue("2026").document_number == "法〔2025〕227号"
    assert causes.catalogue("2026").effective == "2026-01-01"


def test_completeness_flags() -> None:
    assert causes.catalogue("2020").complete is False
    assert causes.catalogue("2026").complete is True


def test_counts_per_level() -> None:
    assert level_counts("2026") == {1: 12, 2: 59, 3: 514, 4: 470}
    assert level_counts("2020") == {1: 2, 2: 2, 3: 17, 4: 3}
    for revision in causes.REVISIONS:
        declared = raw(revision)["counts"]
        assert declared == {f"level_{n}": level_counts(revision).get(n, 0) for n in range(1, 5)}


def test_declared_counts_are_enforced() -> None:
    data = {
        "title": "t",
        "document_number": "d",
        "effective": "2026-01-01",
        "complete": False,
        "counts": {"level_1": 2, "level_2": 0, "level_3": 0, "level_4": 0},
        "entries": [{"code": "第一部分", "name": "人格权纠纷", "level": 1, "parent": None}],
    }
    with pytest.raises(ValueError, match="declared counts"):
        causes._parse("x", data)


def test_2026_official_numbering_is_continuous() -> None:
    cat = causes.catalogue("2026")
    by_level = {n: [c for c in cat.entries if c.level == n] for n in range(1, 5)}
    assert [c.code for c in by_level[1]] == [f"第{cn(n)}部分" for n in range(1, 13)]
    assert [c.code for c in by_level[2]] == [cn(n) for n in range(1, 60)]
    assert [c.code for c in by_level[3]] == [str(n) for n in range(1, 515)]
    for cause in by_level[3]:
        kids = cat.children(cause.key)
        assert [k.code for k in kids] == [f"({n})" for n in range(1, len(kids) + 1)]


def test_2026_structure_spot_checks() -> None:
    cat = causes.catalogue("2026")
    assert cat.get("第六部分").label == "第六部分 数据、网络虚拟财产纠纷"
    data_parts = [c.label for c in cat.children("第六部分")]
    assert data_parts == ["十七、数据纠纷", "十八、网络虚拟财产纠纷"]
    assert cat.get("199").label == "199.数据权属纠纷"
    assert cat.get("五十九").label == "五十九、执行程序中的异议之诉"
    assert cat.get("514").label == "514.执行分配方案异议之诉"
    assert cat.get("411（1）").label == "(1)智能网联汽车交通事故责任纠纷"
    assert [c.code for c in cat.children("十")][:2] == ["78", "79"]
    assert cat.children("十")[-1].label == "147.追偿权纠纷"
    assert causes.get("14").name == "离婚纠纷"  # unchanged by the 2026 revision


def test_2020_part_one_structure() -> None:
    cat = causes.catalogue("2020")
    part = cat.get("第一部分")
    assert (part.name, part.level, part.parent) == ("人格权纠纷", 1, None)
    assert [c.code for c in cat.children("一")] == [str(n) for n in range(1, 12)]
    privacy = cat.get("8(1)")
    assert (privacy.name, privacy.code, privacy.level, privacy.parent) == (
        "隐私权纠纷",
        "(1)",
        4,
        "8",
    )
    assert cat.get("8（1）") == privacy  # full-width parentheses accepted
    assert [c.key for c in cat.path("8(2)")] == ["第一部分", "一", "8", "8(2)"]
    assert privacy.label == "(1)隐私权纠纷"
    assert cat.get("8").label == "8.隐私权、个人信息保护纠纷"
    assert cat.get("一").label == "一、人格权纠纷"
    assert causes.get("14", "2020").name == "离婚纠纷"


@pytest.mark.parametrize("revision", causes.REVISIONS)
def test_levels_parents_and_codes_are_consistent(revision: str) -> None:
    cat = causes.catalogue(revision)
    keys = [c.key for c in cat.entries]
    assert len(set(keys)) == len(keys)
    seen: set[str] = set()
    for c in cat.entries:
        assert c.revision == revision
        assert 1 <= c.level <= 4
        if c.level == 1:
            assert c.parent is None
        else:
            assert c.parent in seen  # parents come before their children
            assert cat.get(c.parent).level == c.level - 1
        seen.add(c.key)
        assert c.key == (f"{c.parent}{c.code}" if c.level == 4 else c.code)
    for level in (1, 2, 3):  # official codes of levels 1-3 are unique in the whole catalogue
        codes = [c.code for c in cat.entries if c.level == level]
        assert len(set(codes)) == len(codes)


def test_causes_later_features_depend_on_2026() -> None:
    cat = causes.catalogue("2026")
    expected = {
        "民间借贷纠纷": ("108(3)", "(3)", "108", ["第四部分", "十", "108", "108(3)"]),
        "金融借款合同纠纷": ("108(1)", "(1)", "108", ["第四部分", "十", "108", "108(1)"]),
        "机动车交通事故责任纠纷": ("411", "411", "三十五", ["第十部分", "三十五", "411"]),
    }
    for name, (key, code, parent, path) in expected.items():
        found = causes.search(name, "2026")[0]
        assert (found.name, found.key, found.code, found.parent) == (name, key, code, parent)
        assert [c.key for c in cat.path(key)] == path
    assert cat.get("108").label == "108.借款合同纠纷"
    assert cat.get("十").label == "十、合同纠纷"
    assert cat.get("三十五").label == "三十五、侵权责任纠纷"


@pytest.mark.xfail(
    strict=True,
    reason="the 2020 revision is shipped incomplete: 民间借贷纠纷 / 金融借款合同纠纷 / "
    "机动车交通事故责任纠纷 are not yet verified against the official 2020 text "
    "(see the note in data/causes_2020.json)",
)
def test_causes_later_features_depend_on_2020() -> None:
    for name in ("民间借贷纠纷", "金融借款合同纠纷", "机动车交通事故责任纠纷"):
        assert [c.name for c in causes.search(name, "2020")][:1] == [name]


def test_search_orders_exact_then_prefix_then_contains() -> None:
    names = [c.name for c in causes.search("隐私权", revision="2020")]
    assert names == ["隐私权纠纷", "隐私权、个人信息保护纠纷"]
    assert [c.name for c in causes.search("人格权纠纷", "2020")][:2] == ["人格权纠纷", "人格权纠纷"]
    assert causes.search("  ", "2020") == []
    assert causes.search("不存在的案由", "2020") == []


def test_search_by_fragment_in_current_revision() -> None:
    hits = causes.search("借贷")
    assert "民间借贷纠纷" in [c.name for c in hits]
    assert all("借贷" in c.name for c in hits)
    assert all(c.revision == "2026" for c in hits)
    traffic = [c.name for c in causes.search("交通事故")]
    assert traffic[:2] == ["机动车交通事故责任纠纷", "非机动车交通事故责任纠纷"]


def test_errors() -> None:
    with pytest.raises(RuleError) as info:
        causes.catalogue("1999")
    assert info.value.code == "unknown_revision"
    with pytest.raises(RuleError) as info:
        causes.get("9999", "2020")
    assert info.value.code == "unknown_cause"
    with pytest.raises(RuleError) as info:
        causes.get("515", "2026")
    assert info.value.code == "unknown_cause"
