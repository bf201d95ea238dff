"""The demo: the Staffordshire–Ivanovo partnership, 1999–2018, as the Express & Star reported it.

Where the report gives only a year or a month, the demo picks a date inside it and says so in
the event's source note. The whole story is saved at once: a demo interrupted part-way leaves
nothing, and a store that already holds the story (whatever else it holds) shows it again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from eventsourcing.persistence import RecordConflictError

from domain.partnership import Partnership
from domain.references import partnership_id_for
from domain.register import PartnershipRegister

RECORDER = "partnerships demo"
COUNCIL = "Staffordshire County Council"
CITY = "Ivanovo"
REFERENCE = "staffordshire-county-council--ivanovo"

_REPORT = "Express & Star, March 2018, 'Staffordshire council cuts its ties with Russian city'"


def _source(approximation: str | None = None) -> str:
    return f"{_REPORT} (date approximate: {approximation})" if approximation else _REPORT


def record(register: PartnershipRegister) -> str:
    """Records the founding story unless the store already holds it; says which."""
    if partnership_id_for(REFERENCE) in set(register.partnership_ids()):
        return "The store already holds the Staffordshire–Ivanovo partnership; here it is."
    try:
        register.save(_story(register.account))
    except RecordConflictError:  # another command recorded it a moment ago
        return "The store already holds the Staffordshire–Ivanovo partnership; here it is."
    return "Recorded the Staffordshire–Ivanovo partnership, 1999–2018."


def _story(account: str | None) -> Partnership:
    """The partnership with its whole history, ready to be saved in one go by the account
    the store names."""
    by = RECORDER
    today = datetime.now(UTC).date()
    partnership = Partnership.establish(
        council=COUNCIL,
        city=CITY,
        country="Russia",
        established_on=date(1999, 1, 1),
        description=(
            "An international civic partnership between Staffordshire County Council and the "
            "City Administration of Ivanovo, about 190 miles north-east of Moscow. It grew from "
            "a personal contact made after Glasnost, to promote better understanding and help "
            "develop local government."
        ),
        recorded_by=by,
        account=account,
        source=_source("the report gives the year only"),
        today=today,
    )
    partnership.record_visit(
        occurred_on=date(1999, 10, 1),
        direction="outbound",
        delegation="Dignitaries and young people from Staffordshire",
        purpose="The first of the regular exchanges between the two regions",
        recorded_by=by,
        account=account,
        source=_source("the report says the exchanges began in the late 1990s"),
        today=today,
    )
    partnership.record_visit(
        occurred_on=date(2000, 6, 1),
        direction="inbound",
        delegation="Guests from Ivanovo",
        purpose="Welcomed to Staffordshire by the council leader, Terry Dix",
        recorded_by=by,
        account=account,
        source=_source("the report gives the year only"),
        today=today,
    )
    costly = partnership.record_visit(
        occurred_on=date(2005, 5, 16),
        direction="outbound",
        delegation="Council delegation to Russia",
        recorded_by=by,
        account=account,
        source=_source("the report does not give the year of this visit"),
        today=today,
    )
    partnership.record_expense(
        occurred_on=date(2005, 5, 16),
        amount=Decimal("3500.00"),
        beneficiary="Travel and accommodation (supplier not named in the report)",
        purpose="The council's visit to Russia",
        visit_id=costly,
        category="Travel",
        recorded_by=by,
        account=account,
        source=_source("the report gives the cost but not the year"),
        today=today,
    )
    partnership.name_room(
        room="The Ivanovo Room",
        building="County Buildings, Stafford",
        named_on=date(2006, 6, 1),
        recorded_by=by,
        account=account,
        source=_source("the report does not say when the room was named"),
        today=today,
    )
    costliest = partnership.record_visit(
        occurred_on=date(2016, 4, 20),
        direction="outbound",
        delegation="Council delegation to Russia",
        recorded_by=by,
        account=account,
        source=_source("the report does not give the year of this visit"),
        today=today,
    )
    partnership.record_expense(
        occurred_on=date(2016, 4, 20),
        amount=Decimal("6854.00"),
        beneficiary="Travel and accommodation (supplier not named in the report)",
        purpose="The council's visit to Russia",
        visit_id=costliest,
        category="Travel",
        recorded_by=by,
        account=account,
        source=_source("the report gives the cost but not the year"),
        today=today,
    )
    partnership.record_visit(
        occurred_on=date(2016, 9, 15),
        direction="inbound",
        delegation="Civic delegation from Ivanovo",
        purpose="The last visit from Ivanovo to Staffordshire",
        recorded_by=by,
        account=account,
        source=_source("the report gives the year only"),
        today=today,
    )
    partnership.sever(
        severed_on=date(2018, 3, 16),
        reason=(
            "After the nerve-agent attack on Sergei and Yulia Skripal in Salisbury, which the "
            "British Government blamed on the Kremlin, there are no plans for any further "
            "exchanges"
        ),
        announced_by="Philip Atkins, leader of the council",
        recorded_by=by,
        account=account,
        source=_source("the report gives the month only"),
        today=today,
    )
    return partnership
