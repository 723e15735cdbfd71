"""The JSON commands other tools call: exact shapes, and exit status 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command


def run(*args: str) -> dict:
    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def run_fails(capsys, *args: str) -> dict:
    with pytest.raises(SystemExit) as exc:
        call_command(*args)
    assert exc.value.code == 2
    return json.loads(capsys.readouterr().out)


def test_fee_worked_checks():
    assert run("fee", "--kind", "property", "--amount", "150000")["fee"] == "3300.00"
    assert run("fee", "--kind", "property", "--amount", "1000000")["fee"] == "13800.00"
    halved = run("fee", "--kind", "property", "--amount", "150000", "--halve", "mediation")
    assert halved["fee"] == "1650.00"
    assert run("fee", "--kind", "property", "--amount", "150000", "--summary")["fee"] == "1650.00"


def test_fee_breakdown_is_checkable_by_hand():
    data = run("fee", "--kind", "property", "--amount", "150000")
    parts = data["breakdown"]
    assert [p["part_fee"] for p in parts] == ["50.00", "2250.00", "1000.00"]
    assert data["fee_in_words"] == "叁仟叁佰元整"


@pytest.mark.parametrize(
    "args",
    [
        ("fee", "--kind", "property", "--amount", "-1"),
        ("fee", "--kind", "property", "--amount", "abc"),
        ("fee", "--kind", "property"),
        ("fee", "--kind", "nonsense"),
        ("fee", "--kind", "labour", "--amount", "100"),
    ],
)
def test_fee_bad_input(capsys, args):
    assert "error" in run_fails(capsys, *args)


def test_caseno_parse_and_format():
    assert run("caseno", "parse", "（2024）沪0105民初1234号") == {
        "year": 2024,
        "court_code": "沪0105",
        "type_code": "民初",
        "serial": 1234,
    }
    out = StringIO()
    call_command(
        "caseno", "format", "--year", "2024", "--court", "沪0105", "--type", "民初",
        "--serial", "1234", stdout=out,
    )  # fmt: skip
    assert out.getvalue().strip() == "（2024）沪0105民初1234号"


@pytest.mark.parametrize(
    "text",
    [
        "(2024)沪0105民初1234号",
        "（2024）沪0105民初0号",
        "（2024）沪0105火初1号",
        "2024沪0105民初1号",
    ],
)
def test_caseno_parse_rejects_malformed(capsys, text):
    assert run_fails(capsys, "caseno", "parse", text)["error"]


def test_idcheck():
    assert run("idcheck", "310105198503122015") == {
        "valid": True,
        "kind": "citizen",
        "reason": None,
    }
    bad = run("idcheck", "310105198503122016")
    assert bad["valid"] is False and bad["kind"] == "citizen" and bad["reason"]
    assert run("idcheck", "91350100M000100Y43")["kind"] == "uscc"


def test_deadline_crosses_national_day():
    # 2025-09-30 + 15 days = 2025-10-15, a Wednesday: a working day, not extended.
    assert run("deadline", "--from", "2025-09-30", "--days", "15") == {
        "deadline": "2025-10-15",
        "extended": False,
    }
    # + 1 day = 2025-10-01, National Day: extended to the first working day, 2025-10-09.
    assert run("deadline", "--from", "2025-09-30", "--days", "1") == {
        "deadline": "2025-10-09",
        "extended": True,
    }


def test_deadline_bad_date(capsys):
    assert (
        run_fails(capsys, "deadline", "--from", "2025-02-30", "--days", "3")["code"] == "bad_date"
    )


def test_real_process_exit_status_is_2_on_bad_input():
    result = subprocess.run(
        [sys.executable, "-m", "yunting.cli", "fee", "--kind", "property", "--amount", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]
