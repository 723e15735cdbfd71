"""Query ceilings on the main portal and workbench pages: with several cases, filings,
documents and fee orders on each list, a page still runs a fixed number of queries — an N+1
(a query per row) cannot come back unnoticed. The ceilings are the counts measured with
this data (issue 13); a page that needs more must say why here."""

from __future__ import annotations

import pytest

from tests.cases.factories import make_case
from tests.filing.factories import complete_filing
from yunting.documents.requests import document_requests_run_pending
from yunting.filing import services

ROWS = 4  # rows on every list: more rows must not mean more queries

# (name, url pattern, who, ceiling)
# Counts as measured after the service, evidence, hearings and judgments apps joined (their
# tabs, trial-limit prefetches and the workbench's queue counts, one query per queue); flat in
# the number of cases, so an N+1 fails here.
PAGES = [
    ("portal home", "/portal/", "lawyer", 12),
    ("case list", "/cases/", "lawyer", 12),
    ("case overview", "/cases/{case}/", "lawyer", 13),
    ("case parties", "/cases/{case}/?tab=parties", "lawyer", 14),
    ("case documents", "/cases/{case}/?tab=documents", "lawyer", 14),
    ("case log", "/cases/{case}/?tab=log", "lawyer", 12),
    ("fee orders", "/fees/orders/", "lawyer", 5),
    ("fee calculator", "/fees/calculator/", None, 1),
    ("review queue", "/filing/review/", "filing_officer", 12),  # +1 warnings, +1 mediation
    ("workbench home", "/workbench/", "judge", 49),  # +7 early-warning counts, +3 mediation
    ("workbench case", "/cases/{case}/", "judge", 35),  # +7 early-warning counts, +1 mediation
    ("workbench case list", "/cases/", "judge", 30),  # +7 early-warning counts, +1 mediation
]


@pytest.fixture
def busy(demo, court):
    """ROWS accepted cases with their notices issued, ROWS more cases, ROWS filings waiting."""
    lawyer, officer = demo["lawyer"], demo["filing_officer"]

    def submitted():
        filing = complete_filing(user=lawyer, court=court, as_lawyer=True)
        return services.filing_submit(filing=filing, user=lawyer)

    cases = [services.filing_accept(filing=submitted(), officer=officer) for _ in range(ROWS)]
    for _ in range(ROWS):
        make_case(court=court, lawyer=lawyer)
        submitted()
    document_requests_run_pending()
    return cases[0]


@pytest.mark.parametrize(("name", "url", "who", "ceiling"), PAGES, ids=[p[0] for p in PAGES])
def test_page_query_ceiling(
    name, url, who, ceiling, demo, busy, client, django_assert_max_num_queries
):
    if who:
        client.force_login(demo[who])
    with django_assert_max_num_queries(ceiling):
        response = client.get(url.format(case=busy.id))
    assert response.status_code == 200
