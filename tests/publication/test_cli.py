"""``yunting anonymize``: the interface other tools call (one JSON object, exit 2 on bad input)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "examples"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "yunting.cli", "anonymize", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def test_divorce_prints_text_and_replacements():
    proc = run(str(EXAMPLES / "divorce.txt"), "--cause", "离婚纠纷")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"text", "replacements"}
    assert all(set(r) == {"kind", "original", "replacement"} for r in data["replacements"])
    assert "张伟" not in data["text"] and "张某甲" in data["text"]
    assert "310104198503021234" not in data["text"]
    assert {"kind": "name", "original": "王芳", "replacement": "王某"} in data["replacements"]


def test_the_cause_decides_whether_names_are_hidden():
    loan = json.loads(run(str(EXAMPLES / "divorce.txt"), "--cause", "民间借贷纠纷").stdout)
    assert "张伟" in loan["text"]  # not a family case: the party's name stays
    assert "310104198503021234" not in loan["text"]  # personal data goes from everyone
    assert not [r for r in loan["replacements"] if r["kind"] == "name" and r["original"] == "张伟"]


def test_standard_input():
    proc = run("-", "--cause", "离婚纠纷", stdin="原告：张三，男。\n张三的电话13800138000。")
    data = json.loads(proc.stdout)
    assert data["text"] == "原告：张某，男。\n张某的电话×××。"


@pytest.mark.parametrize(
    "args, words",
    [
        (["/nonexistent/file.txt"], "cannot read"),
        ([str(EXAMPLES / "divorce.txt"), "--cause", "不存在的纠纷"], "not a cause"),
        ([str(EXAMPLES / "divorce.txt"), "--date", "2026-02-30"], "--date"),
        ([], "file"),
    ],
)
def test_bad_input_exits_2_with_an_error(args, words):
    proc = run(*args)
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert words in data["error"]
