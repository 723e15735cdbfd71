from decimal import Decimal

import pytest


@pytest.fixture
def network(demo, demo_password):
    from yunting.mediation.demo import mediation_network_ensure

    return mediation_network_ensure(demo_password)


@pytest.fixture
def people(demo, network):
    from yunting.accounts.models import User

    def user(phone):
        return User.objects.get(phone=phone)

    return {
        "zhang": user("13900000001"),
        "li": user("13900000002"),
        "coordinator": user("13900000017"),
        "officer": user("13900000011"),
        "judge": user("13900000013"),
        "chen": network[0].user,
        "liu": network[1].user,
        "outsider": user("13900000003"),
    }


@pytest.fixture
def register(court, people):
    from yunting.mediation import services
    from yunting.mediation.models import PartySide

    def make(speciality="lending", cause="民间借贷纠纷", **kw):
        return services.dispute_register(
            user=people["zhang"],
            court=court,
            cause_name=cause,
            speciality=speciality,
            claim="归还借款20000元",
            amount=Decimal("20000"),
            facts="2025年借款2万元，到期未还。",
            region=kw.get("region", ""),
            parties=[
                services.PartyInput(
                    side=PartySide.APPLICANT, name="", address="上海市黄浦区人民路1号", is_self=True
                ),
                services.PartyInput(
                    side=PartySide.RESPONDENT,
                    name="李四",
                    phone="13900000002",
                    address="上海市长宁区仙霞路300号",
                ),
            ],
        )

    return make


@pytest.fixture
def mediating(register, people, network):
    from yunting.mediation import services

    d = register()
    services.dispute_answer_invitation(dispute=d, user=people["li"], accept=True)
    services.dispute_assign(dispute=d, actor=people["coordinator"], mediator=network[1])
    d.refresh_from_db()
    return d


@pytest.fixture
def submitted_filing(court, people):
    from yunting.filing import services as filing_services
    from yunting.filing.demo import build_filing, demo_pdf
    from yunting.filing.services import PartyInput

    filing = build_filing(
        user=people["zhang"],
        court=court,
        defendant=PartyInput(
            role="defendant",
            kind="person",
            name="李四",
            id_number="31010419900720102X",
            address="上海市长宁区仙霞路300号",
            phone="13900000002",
        ),
        amount=Decimal("30000"),
        lawyer=False,
        facts="被告李四借款30000元未还。",
        pdf=demo_pdf,
    )
    return filing_services.filing_submit(filing=filing, user=people["zhang"])
