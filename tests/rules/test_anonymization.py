"""Anonymization for publication (法释〔2016〕19号 Arts. 8–11) on hand-made judgments.

Each worked example in tests/publication/examples/ was written by hand with the personal data
a court would see; the lists below say, item by item, what the rule removes and what it keeps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yunting.rules.anonymization import (
    KnownParty,
    anonymize,
    cause_hides_party_names,
    judgment_date,
    masked_name,
    parse_parties,
)
from yunting.rules.errors import RuleError

EXAMPLES = Path(__file__).parent.parent / "publication" / "examples"


def example(name: str) -> str:
    return (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")


def pairs(result) -> set[tuple[str, str, str]]:
    return {(r.kind, r.original, r.replacement) for r in result.replacements}


# --- which causes hide names ---------------------------------------------------------------


@pytest.mark.parametrize(
    "cause, hides",
    [
        ("离婚纠纷", True),
        ("法定继承纠纷", True),
        ("遗嘱继承纠纷", True),
        ("抚养纠纷", True),
        ("婚姻家庭纠纷", True),
        ("民间借贷纠纷", False),
        ("机动车交通事故责任纠纷", False),
        ("金融借款合同纠纷", False),
        (None, False),
        ("", False),
    ],
)
def test_family_and_inheritance_causes_hide_party_names(cause, hides):
    assert cause_hides_party_names(cause) is hides


def test_an_unknown_cause_is_refused():
    with pytest.raises(RuleError) as exc:
        cause_hides_party_names("不存在的纠纷")
    assert exc.value.code == "unknown_cause"


@pytest.mark.parametrize(
    "name, masked",
    [("张伟", "张某"), ("欧阳娜娜", "欧阳某"), ("阿依古丽·买买提", "阿某"), ("司马光", "司马某")],
)
def test_a_name_keeps_its_surname(name, masked):
    assert masked_name(name) == masked


def test_the_judgment_date_is_the_last_date_in_chinese_numerals():
    assert judgment_date(example("divorce")) == dt.date(2026, 3, 10)
    assert judgment_date("二〇二六年十二月三十一日") == dt.date(2026, 12, 31)
    assert judgment_date("2025年1月2日立案") == dt.date(2025, 1, 2)


def test_the_party_block_is_read_with_kinds_roles_and_minors():
    parties = parse_parties(example("traffic"), on=dt.date(2026, 6, 1))
    by_name = {(p.name, p.role): p for p in parties}
    assert by_name[("何丽娟", "party")].kind == "person"
    assert by_name[("何丽娟", "party")].minor is False
    assert by_name[("何小宝", "party")].minor is True
    assert by_name[("何小宝", "party")].birth_date == dt.date(2015, 7, 1)
    assert by_name[("何丽娟", "legal_representative")]
    company = by_name[("中国平安财产保险股份有限公司深圳分公司", "party")]
    assert company.kind == "organisation"
    assert by_name[("郭涛", "agent")].kind == "person"


# --- the four worked examples ------------------------------------------------------------


def test_divorce():
    result = anonymize(example("divorce"), cause="离婚纠纷")
    text = result.text
    removed = [
        "张伟",
        "王芳",
        "张小明",  # the child, also a minor
        "张建国",  # the plaintiff's father named in the facts
        "310104198503021234",
        "310112198706091248",
        "漕溪北路100弄5号302室",
        "莘庄镇七莘路88号1201室",
        "13812345678",
        "13987654321",
        "6222021001112223334",
        "沪A12345",
        "沪（2019）徐汇区不动产权第012345号",
        "抑郁症",
    ]
    for item in removed:
        assert item not in text, item
    kept = [
        "上海市徐汇区人民法院",
        "（2026）沪0104民初1234号",
        "李明",  # the lawyer
        "上海申江律师事务所",
        "执业证号13101201010123456",  # Art. 11(2)
        "审判员　赵刚",
        "书记员　孙丽",
        "上海市第一中级人民法院",
        "住上海市徐汇区，",  # Art. 11(1): the district stays
        "1985年3月2日出生",
        "案件受理费240元",
    ]
    for item in kept:
        assert item in text, item
    # Two parties named 张: 甲 and 乙 in order of first appearance; 王芳 alone is 王某.
    assert "原告：张某甲，男" in text
    assert "被告：王某，女" in text
    assert "婚生子张某乙由原告张某甲抚养" in text
    assert ("name", "张伟", "张某甲") in pairs(result)
    assert ("name", "张小明", "张某乙") in pairs(result)
    assert ("name", "王芳", "王某") in pairs(result)
    assert ("name", "张建国", "张某丙") in pairs(result)
    assert ("id_number", "310104198503021234", "×××") in pairs(result)
    assert ("address", "上海市徐汇区漕溪北路100弄5号302室", "上海市徐汇区") in pairs(result)
    assert ("plate", "沪A12345", "×××") in pairs(result)
    assert ("health", "抑郁症", "××") in pairs(result)
    kinds = {r.kind for r in result.replacements}
    assert kinds == {
        "name",
        "id_number",
        "address",
        "phone",
        "bank_account",
        "plate",
        "property_certificate",
        "health",
    }
    # Every replacement reported is really gone, and each distinct value is listed once.
    for r in result.replacements:
        assert r.original not in text
    assert len(result.replacements) == len(pairs(result))


def test_inheritance():
    result = anonymize(example("inheritance"), cause="法定继承纠纷")
    text = result.text
    for item in [
        "刘红",
        "刘强",
        "刘军",
        "刘德福",  # 被继承人
        "建国路93号院3号楼2单元501室",  # also where it is named as the estate
        "中关村大街27号",
        "花家地北里5号楼302",
        "010-64881234",
        "ZY2024001",
        "肝癌",
        "京房权证朝字第1234567号",
        "6217000010012345678",
        "110105196611300011",
    ]:
        assert item not in text, item
    for item in ["陈静", "北京市君合律师事务所", "审判长　周明", "审判员　吴磊", "书记员　王燕"]:
        assert item in text, item
    assert "原告：刘某甲，女" in text
    assert "原告：刘某乙，男" in text
    assert "被告：刘某丙，男" in text
    assert "被继承人刘某丁" in text
    assert "住北京市海淀区。" in text


def test_loan_keeps_the_names_and_removes_personal_data():
    result = anonymize(example("loan"), cause="民间借贷纠纷")
    text = result.text
    for item in [
        "310115197805201234",
        "330106198209091217",
        "15900001111",
        "138 0013 8000",  # a phone written in the facts
        "6225880212345678",
        "张杨路500号10楼1001室",
        "文三路90号",
    ]:
        assert item not in text, item
    for item in [
        "原告：陈建华，男",
        "被告：林晓东，男",
        "法定代表人：林晓东",
        "上海某某贸易有限公司",
        "住所地上海市浦东新区世纪大道100号",  # an organisation's domicile stays (Art. 11(1))
        "统一社会信用代码913101157030061234",
        "住浙江省杭州市西湖区，",
        "借款本金100000元",
        "审判员　黄磊",
    ]:
        assert item in text, item
    assert not [r for r in result.replacements if r.kind == "name"]


def test_traffic_hides_the_minor_and_the_minors_legal_representative():
    result = anonymize(example("traffic"), cause="机动车交通事故责任纠纷")
    text = result.text
    for item in [
        "何小宝",  # a minor (born 2015, judgment 2026)
        "何丽娟",  # the minor's 法定代理人 (Art. 8(3))
        "粤B·D12345",
        "0755-82345678",
        "440305199001151226",
        "南海大道3000号",
        "深南大道1000号",
        "右股骨骨折",
        "440012345678",
    ]:
        assert item not in text, item
    for item in [
        "被告：赵大勇，男",  # an adult party in a traffic case keeps the name
        "赵大勇驾驶×××号小型轿车",
        "负责人：马明",
        "郭涛",
        "广东华商律师事务所",
        "住所地广东省深圳市福田区益田路5033号",
        "52000元",
    ]:
        assert item in text, item
    assert "原告：何某甲，女" in text
    assert "原告：何某乙，男，2015年7月1日出生" in text


# --- detection in free text --------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, gone, kind",
    [
        ("被告曾致电原告13700001111催款。", "13700001111", "phone"),
        ("双方约定以微信号zhang_san88联系。", "zhang_san88", "phone"),
        ("款项汇入账号 6228 4800 1234 5678 901。", "6228 4800 1234 5678 901", "bank_account"),
        ("身份证号为11010519491231002X的人。", "11010519491231002X", "id_number"),
        ("其护照号码E12345678。", "E12345678", "id_number"),
        ("浙A·88888车辆。", "浙A·88888", "plate"),
        ("京N12345D的新能源车。", "京N12345D", "plate"),
        (
            "房产证号沪房地徐字（2010）第012345号。",
            "沪房地徐字（2010）第012345号",
            "property_certificate",
        ),
        ("原告被确诊为乳腺癌，", "乳腺癌", "health"),
        ("原告HIV检测阳性。", "HIV", "health"),
        ("，现住江苏省苏州市姑苏区干将路8号。", "干将路8号", "address"),
        ("被告居住在上海市静安区南京西路1000弄3号。", "南京西路1000弄3号", "address"),
    ],
)
def test_personal_data_is_found_in_free_text(sentence, gone, kind):
    result = anonymize(sentence, cause="合同纠纷")
    assert gone not in result.text
    assert kind in {r.kind for r in result.replacements}


@pytest.mark.parametrize(
    "sentence",
    [
        "（2026）沪0104民初1234号",
        "原告住院治疗15天，",  # 住院 is not an address
        "借款本金100000元及利息13400元。",
        "上海市徐汇区人民法院",
        "2026年3月10日",
        "统一社会信用代码91310000MA1FL0XX0X",
        "执业证号13101201010123456",
    ],
)
def test_what_must_stay_stays(sentence):
    result = anonymize(sentence, cause="合同纠纷")
    assert result.text == sentence
    assert result.replacements == ()


def test_a_victim_and_a_minor_named_with_a_birth_date_are_hidden_in_any_cause():
    text = "被害人周小红报警。证人称，李乐（2012年1月2日出生）当时在场。李乐的父亲李大山赶到。"
    result = anonymize(text, cause="生命权、身体权、健康权纠纷", decided_on=dt.date(2026, 1, 1))
    assert "周小红" not in result.text and "周某" in result.text
    assert "李乐" not in result.text and "李某" in result.text
    assert "李大山" in result.text  # an adult not a party: Art. 8 does not reach him


def test_the_court_can_name_people_the_text_does_not_mark():
    text = "原告：某某公司。\n王小红于2025年到原告处工作。"
    parties = [KnownParty(name="王小红", kind="person", role="party", minor=True)]
    result = anonymize(text, cause="劳动合同纠纷", parties=parties)
    assert result.text == "原告：某某公司。\n王某于2025年到原告处工作。"


def test_same_surname_different_people_get_distinct_masks_and_the_same_person_one():
    text = (
        "原告：王一，女，1990年1月1日出生。\n被告：王二，男，1989年1月1日出生。\n"
        "王一与王二于2015年结婚，王一要求离婚。"
    )
    result = anonymize(text, cause="离婚纠纷")
    assert result.text.count("王某甲") == 3
    assert result.text.count("王某乙") == 2
