"""The best-channel ranking against hand-worked histories (pure Python)."""

from yunting.service.ranking import History, rank, score


def test_untried_channels_are_neutral_and_ties_follow_preference():
    assert score(History("email")) == 0.5
    assert rank([History("email"), History("sms"), History("postal"), History("inbox")]) == [
        "inbox",
        "sms",
        "email",
        "postal",
    ]


def test_a_bouncing_address_drops_below_a_working_one():
    # email: 3 delivered, 0 bad -> 4/5 = 0.8; sms: 0 delivered, 2 failed -> 1/4 = 0.25
    assert score(History("email", delivered=3)) == 0.8
    assert score(History("sms", failed=2)) == 0.25
    assert rank([History("sms", failed=2), History("email", delivered=3)]) == ["email", "sms"]


def test_unread_deliveries_count_against_a_channel():
    # sms: 2 delivered, both unread -> (2-1+1)/(2+1+2) = 0.4 < email untried 0.5
    assert score(History("sms", delivered=2, unread=2)) == 0.4
    assert rank([History("sms", delivered=2, unread=2), History("email")]) == ["email", "sms"]


def test_post_comes_after_any_electronic_channel():
    assert rank([History("postal", delivered=9), History("email", bounced=3)]) == [
        "email",
        "postal",
    ]
