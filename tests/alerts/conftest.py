import pytest


@pytest.fixture
def warned(demo):
    """The demo people and the early-warning demo (alerts/demo.py), nothing else."""
    from yunting.accounts.models import User
    from yunting.alerts.demo import seed_demo_alerts

    seed_demo_alerts()
    people = {
        "liu": User.objects.get(phone="13900000012"),
        "zhou": User.objects.get(phone="13900000013"),
        "clerk": User.objects.get(phone="13900000015"),
        "finance": User.objects.get(phone="13900000018"),
        "filing_officer": User.objects.get(phone="13900000011"),
        "service_officer": User.objects.get(phone="13900000016"),
    }
    return people
