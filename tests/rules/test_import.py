"""The rules library must stay pure: importing it must not import Django."""

import subprocess
import sys


def test_importing_rules_does_not_import_django() -> None:
    code = (
        "import sys\n"
        "import yunting.rules\n"
        "from yunting.rules import amounts, case_numbers, causes, deadlines\n"
        "from yunting.rules import errors, fees, identity\n"
        "causes.catalogue('2020'); causes.catalogue('2026')\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_rule_error_has_code_and_message() -> None:
    from yunting.rules.errors import RuleError

    err = RuleError("bad_amount", "Amount is not a number.")
    assert isinstance(err, ValueError)
    assert err.code == "bad_amount"
    assert err.message == "Amount is not a number."
    import pickle

    again = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own object
    assert (again.code, again.message) == (err.code, err.message)
