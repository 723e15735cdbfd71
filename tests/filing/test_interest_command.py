"""``yunting interest`` through the real CLI (a separate process, as other tools call it)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

BASE = ["--principal", "100000", "--rate", "15", "--from", "2024-08-01", "--to", "2025-07-31"]


def interest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "yunting.cli", "interest", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_interest_prints_the_documented_json():
    """Between natural persons, handed over 2024-08-01 (the IOU of 2024-07-01 does not count,
    民法典第六百七十九条): cap 4 × 3.35 % = 13.40 %. 2024-08-01 → 2025-01-01 = 153 days:
    100,000 × 13.40 % × 153 / 365 = 5,616.99; 20,000 repaid: 5,616.99 interest, 14,383.01
    principal; 2025-01-01 → 2025-07-31 = 211 days: 85,616.99 × 13.40 % × 211 / 365 = 6,632.15."""
    done = interest(
        *BASE,
        "--signed",
        "2024-07-01",
        "--delivered",
        "2024-08-01",
        "--lender",
        "person",
        "--borrower",
        "person",
        "--repayment",
        "2025-01-01:20000",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(done.stdout)
    assert data["interest"] == "6632.15"
    assert data["cap_rate"] == "13.40" and data["formed_on"] == "2024-08-01"
    assert [
        (p["start"], p["end"], p["principal"], p["rate"], p["interest"]) for p in data["periods"]
    ] == [
        ("2024-08-01", "2025-01-01", "100000.00", "13.40", "5616.99"),
        ("2025-01-01", "2025-07-31", "85616.99", "13.40", "6632.15"),
    ]


def test_repayments_may_follow_one_flag_or_repeat_it():
    """`--repayment DATE:AMOUNT ...` as the issue writes it, and the flag repeated, give the
    same periods; the help text shows the rate's unit."""
    one = interest(*BASE, "--repayment", "2025-01-01:5000", "2025-03-01:1000")
    repeated = interest(*BASE, "--repayment", "2025-01-01:5000", "--repayment", "2025-03-01:1000")
    assert one.returncode == 0, one.stdout + one.stderr
    assert json.loads(one.stdout) == json.loads(repeated.stdout)
    assert len(json.loads(one.stdout)["periods"]) == 3
    assert "% a year" in interest("--help").stdout


def test_an_organisation_lender_forms_the_contract_on_signing():
    # Signed 2024-07-01 (LPR 3.45 %): cap 13.80 %; 100,000 × 13.80 % × 364 / 365 = 13,762.19.
    data = json.loads(interest(*BASE, "--signed", "2024-07-01", "--lender", "organisation").stdout)
    assert (data["formed_on"], data["cap_rate"], data["interest"]) == (
        "2024-07-01",
        "13.80",
        "13762.19",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--principal", "abc", "--rate", "15", "--from", "2024-08-01", "--to", "2025-07-31"],
        [*BASE[:6], "--to", "2025-02-30"],
        [*BASE, "--repayment", "2025-01-01"],
        [*BASE, "--repayment", "2026-01-01:100"],
        [*BASE, "--lender", "bank"],
        ["--rate", "15"],
    ],
)
def test_bad_input_exits_2_with_an_error(args):
    done = interest(*args)
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"]
