"""The HTML report says what the register holds: totals, financial years, counts and the links
from each figure to its events, now, as of a date and as known at a moment; on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.read_models import ReadModels
from adapters.reports.site import write_site
from domain.errors import NotYetEstablishedError, NotYetRecordedError
from domain.register import PartnershipRegister
from tests.application.test_register import BY, STAFFORDSHIRE, establish
from tests.reports.pages import Page, broken_links

DREUX = "staffordshire-county-council--dreux"


@dataclass(frozen=True)
class Story:
    register: PartnershipRegister
    models: ReadModels
    before_the_room: datetime


def _expense(register: PartnershipRegister, on: date, amount: str, **extra: object) -> object:
    return register.record_expense(
        STAFFORDSHIRE,
        occurred_on=on,
        amount=Decimal(amount),
        beneficiary="Travel agent",
        purpose="Flights",
        recorded_by=BY,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def story(register: PartnershipRegister) -> Story:
    """Staffordshire–Ivanovo with visits, expenses corrected and voided, a room and the
    severance (versions 1 to 11), and Staffordshire–Dreux beside it."""
    establish(register)  # 1
    out = register.record_visit(
        STAFFORDSHIRE,
        occurred_on=date(2005, 5, 16),
        direction="outbound",
        delegation="Council delegation",
        recorded_by=BY,
    )  # 2
    _expense(register, date(2005, 5, 16), "3500.00", visit_id=out)  # 3
    register.record_visit(
        STAFFORDSHIRE,
        occurred_on=date(2016, 4, 20),
        direction="inbound",
        delegation="Guests from Ivanovo",
        recorded_by=BY,
    )  # 4
    _expense(register, date(2016, 4, 20), "6854.00", card_transaction=True)  # 5
    small = _expense(register, date(2016, 5, 1), "200.00")  # 6
    register.correct_expense(
        STAFFORDSHIRE, small, reason="Invoice misread", amount=Decimal("250"), recorded_by=BY
    )  # 7
    twice = _expense(register, date(2017, 1, 10), "999.00")  # 8
    register.void_expense(STAFFORDSHIRE, twice, reason="Entered twice", recorded_by=BY)  # 9
    time.sleep(0.01)
    before_the_room = datetime.now(UTC)
    time.sleep(0.01)
    register.name_room(
        STAFFORDSHIRE,
        room="The Ivanovo Room",
        building="County Buildings",
        named_on=date(2006, 6, 1),
        recorded_by=BY,
    )  # 10
    register.sever(
        STAFFORDSHIRE,
        severed_on=date(2018, 3, 16),
        reason="Council decision",
        announced_by="The leader",
        recorded_by=BY,
    )  # 11
    establish(register, city="Dreux")
    models = ReadModels(register)
    models.catch_up()
    return Story(register, models, before_the_room)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Where a test writes its report."""
    return tmp_path / "site"


class ReportContract:
    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    def test_the_total_spend_counts_corrections_and_links_to_every_expense_event(
        self, story: Story, site: Path
    ) -> None:
        write_site(story.register, site)
        page = Page(site / f"{STAFFORDSHIRE}.html")

        total = page.figures["total-spend"]
        assert total.text == "£10,604.00"
        assert total.events == [3, 5, 6, 7, 8, 9]
        status = story.models.status(story.register.find(STAFFORDSHIRE))
        assert total.text == f"£{status.total_spend:,}"

    def test_each_financial_year_totals_its_expenses_and_links_to_their_events(
        self, story: Story, site: Path
    ) -> None:
        write_site(story.register, site)
        page = Page(site / f"{STAFFORDSHIRE}.html")

        years = {t.year: f"£{t.total:,}" for t in story.models.totals_by_year()}
        assert years == {"2005/06": "£3,500.00", "2016/17": "£7,104.00"}
        assert page.row_figure("year-2005-06").text == "£3,500.00"
        assert page.row_figure("year-2005-06").events == [3]
        assert page.row_figure("year-2016-17").text == "£7,104.00"
        assert page.row_figure("year-2016-17").events == [5, 6, 7, 8, 9]
        assert '<a href="#year-2016-17">' in page.path.read_text()  # the chart's bar

    def test_the_registers_year_totals_lead_to_each_partnerships_part_and_its_events(
        self, story: Story, site: Path
    ) -> None:
        write_site(story.register, site)
        index = Page(site / "index.html")

        assert "year-2016-17.html" in index.links
        assert index.rows["year-2016-17"][-1] == "£7,104.00"
        year = Page(site / "year-2016-17.html")
        assert f"{STAFFORDSHIRE}.html#year-2016-17" in year.links
        assert "spent £7,104.00 in 2 expenses as they stand" in year.text
        page = Page(site / f"{STAFFORDSHIRE}.html")
        assert page.row_figure("year-2016-17").events == [5, 6, 7, 8, 9]
        assert broken_links(site) == []

    def test_visit_counts_and_a_visits_spend_link_to_their_events(
        self, story: Story, site: Path
    ) -> None:
        write_site(story.register, site)
        page = Page(site / f"{STAFFORDSHIRE}.html")

        assert (page.figures["visits-in"].text, page.figures["visits-in"].events) == ("1", [4])
        assert (page.figures["visits-out"].text, page.figures["visits-out"].events) == ("1", [2])
        spends = [f for f in page.figures.values() if f.text == "£3,500.00" and f.events == [3]]
        assert spends, "the 2005 visit's spend links to its expense"

    def test_corrected_and_voided_expenses_are_shown_with_their_reasons(
        self, story: Story, site: Path
    ) -> None:
        write_site(story.register, site)
        page = Page(site / f"{STAFFORDSHIRE}.html")

        assert "Corrected: Invoice misread" in page.text
        assert "Voided: Entered twice" in page.text
        assert page.path.read_text().count('<tr class="void">') == 1

    def test_every_link_lands_and_every_event_has_its_anchor(
        self, story: Story, site: Path
    ) -> None:
        write_site(story.register, site)
        page = Page(site / f"{STAFFORDSHIRE}.html")

        assert broken_links(site) == []
        assert {f"event-{n}" for n in range(1, 12)} <= page.ids

    def test_the_index_lists_every_partnership_by_reference_with_its_figures(
        self, story: Story, site: Path
    ) -> None:
        written = write_site(story.register, site)
        index = Page(site / "index.html")

        # The index, a page for each partnership and one for each financial year with spend.
        assert (written.pages, written.partnerships) == (5, 2)
        assert [
            link
            for link in index.links
            if link.endswith("--dreux.html") or link.endswith("ivanovo.html")
        ] == [
            f"{DREUX}.html",
            f"{STAFFORDSHIRE}.html",
        ]
        assert f"{STAFFORDSHIRE}.html#total-spend" in index.links
        assert "£10,604.00" in index.text
        assert "1 active, 1 severed" in index.text
        assert written.position == story.models.head()

    def test_as_of_a_date_the_report_counts_what_stood_then(self, story: Story, site: Path) -> None:
        on = date(2016, 4, 30)
        write_site(story.register, site, as_of=on)
        page = Page(site / f"{STAFFORDSHIRE}.html")

        then = story.models.status_at(story.register.find(STAFFORDSHIRE), as_of=on)
        assert page.figures["total-spend"].text == f"£{then.total_spend:,}" == "£10,354.00"
        assert page.figures["visits-in"].text == str(then.visits.inbound)
        assert "As of 30 April 2016" in page.text
        assert "As of 30 April 2016" in Page(site / "index.html").text
        assert "Active" in page.text  # the severance came later
        assert broken_links(site) == []

    def test_as_known_at_a_moment_the_report_holds_only_what_was_recorded(
        self, story: Story, site: Path
    ) -> None:
        moment = story.before_the_room
        write_site(story.register, site, known_at=moment)
        page = Page(site / f"{STAFFORDSHIRE}.html")

        then = story.models.status_at(story.register.find(STAFFORDSHIRE), known_at=moment)
        assert then.rooms == ()
        assert then.severed_on is None
        assert "The Ivanovo Room" not in page.text
        assert "Active" in page.text
        assert "event-10" not in page.ids
        assert "event-9" in page.ids
        assert page.figures["total-spend"].text == f"£{then.total_spend:,}"
        assert "As the register described it at" in page.text
        assert not (site / f"{DREUX}.html").exists()  # recorded later

    def test_one_partnership_gets_its_page_and_an_index_of_it(
        self, story: Story, site: Path
    ) -> None:
        written = write_site(story.register, site, partnership_id=story.register.find(DREUX))

        assert sorted(p.name for p in site.iterdir()) == ["index.html", f"{DREUX}.html"]
        assert written.partnerships == 1

    def test_a_partnership_asked_for_before_it_existed_is_refused_and_nothing_is_written(
        self, story: Story, site: Path
    ) -> None:
        pid = story.register.find(DREUX)
        with pytest.raises(NotYetEstablishedError):
            write_site(story.register, site / "a", partnership_id=pid, as_of=date(1998, 12, 31))
        with pytest.raises(NotYetRecordedError):
            write_site(
                story.register, site / "b", partnership_id=pid, known_at=story.before_the_room
            )
        assert list(site.iterdir()) == []  # neither report, nor what they wrote aside

    def test_text_that_looks_like_html_is_shown_as_text_everywhere(
        self, story: Story, site: Path
    ) -> None:
        marked = "<b>Guests</b> & 'friends'"
        story.register.record_visit(
            DREUX,
            occurred_on=date(2003, 1, 1),
            direction="inbound",
            delegation=marked,
            recorded_by=marked,
        )
        story.models.catch_up()
        write_site(story.register, site)
        page = Page(site / f"{DREUX}.html")

        assert "<b>Guests</b>" not in page.path.read_text()
        assert page.text.count(marked) >= 3  # the visit, the audit trail's summary and recorder


class TestOnSQLiteFile(ReportContract):
    @pytest.fixture
    def url(self, sqlite_url: str) -> str:
        return sqlite_url


@pytest.mark.postgres
class TestOnPostgreSQL(ReportContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url
