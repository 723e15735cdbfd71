import pytest


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_SITE_URL = "http://testserver"


@pytest.fixture
def case(court, demo):
    from .factories import make_service_case

    return make_service_case(
        court=court, judge=demo["judge"], clerk=demo["clerk"], lawyer=demo["lawyer"]
    )


@pytest.fixture
def officer(demo):
    return demo["service_officer"]


@pytest.fixture
def confirmed(case, officer):
    """The defendant confirmed inbox, SMS and e-mail, consenting to all three, and a postal
    address."""
    from yunting.service.addresses import address_confirm

    from .factories import defendant

    address_confirm(
        party=defendant(case),
        actor=officer,
        source="express",
        inbox=True,
        mobile="13900000099",
        email="legal@shifan.example",
        postal="上海市长宁区延安西路1号",
        consent={"inbox", "sms", "email"},
    )
    return defendant(case)
