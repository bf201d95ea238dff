"""The read models as a command that keeps them has them: brought up to date and rebuilt by
their projector, and read by the queries of each view."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from adapters.read_models.queries import Queries

if TYPE_CHECKING:
    from adapters.read_models.projector import ProjectionState
    from domain.register import PartnershipRegister


class ReadModels(Queries):
    """The register's read models in its own database: kept and rebuilt by their projector,
    and read by the queries of each view."""

    def __init__(
        self, register: PartnershipRegister, *, page: int | None = None, checked: bool = True
    ) -> None:
        from adapters.read_models.projector import PAGE, Projector  # noqa: PLC0415 (keeping only)

        self.projector = Projector(register, page=PAGE if page is None else page, checked=checked)
        super().__init__(self.projector.engine, self.projector.events)

    # Keeping

    def head(self) -> int:
        return self.projector.head()

    def positions(self) -> dict[str, int]:
        return self.projector.positions()

    def lag(self) -> int:
        return self.projector.lag()

    def states(self) -> list[ProjectionState]:
        return self.projector.states()

    def known(self, name: str) -> str:
        return self.projector.known(name)

    def catch_up(
        self, names: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        return self.projector.catch_up(names, progress)

    def rebuild(
        self, names: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        return self.projector.rebuild(names, progress)
