import pytest


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path_factory):
    """Keys and files of these tests live in a per-session temporary folder."""
    base = tmp_path_factory.getbasetemp()
    settings.KEYS_DIR = base / "keys"
    settings.MEDIA_ROOT = base / "media"


@pytest.fixture
def issued_case(court, demo):
    from tests.cases.factories import make_case

    case = make_case(
        court=court,
        actor=demo["filing_officer"],
        plaintiff_user=demo["litigant"],
        lawyer=demo["lawyer"],
    )
    case.judge = demo["judge"]
    case.clerk = demo["clerk"]
    case.save(update_fields=["judge", "clerk"])
    return case
