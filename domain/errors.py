"""Errors raised when the register refuses a command, each with a message for the user."""

from __future__ import annotations


class RegisterError(Exception):
    """Raised when the register refuses a command; the message is for the person who asked."""


class PartnershipNotFoundError(RegisterError):
    """Raised when no partnership has the given id or reference."""


class AlreadyEstablishedError(RegisterError):
    """Raised when the same council and partner city are established a second time."""


class AlreadySeveredError(RegisterError):
    """Raised when a partnership whose ties are already severed is severed again."""


class DatedAfterSeveranceError(RegisterError):
    """Raised when something dated after the severance date is recorded."""


class DatedBeforeEstablishmentError(RegisterError):
    """Raised when something is dated before the partnership was established."""


class DatedInFutureError(RegisterError):
    """Raised when a business date lies after today."""


class InvalidAmountError(RegisterError):
    """Raised when an amount is not an exact, positive sum of pounds and pence."""


class InvalidDirectionError(RegisterError):
    """Raised when a visit's direction is neither inbound nor outbound."""


class MissingDetailError(RegisterError):
    """Raised when a required detail is empty."""


class AmbiguousIdError(RegisterError):
    """Raised when the beginning of an id given for a visit or an expense fits several."""


class ReferenceTooLongError(RegisterError):
    """Raised when a council and city would make a reference longer than the register takes."""


class EventTooLargeError(RegisterError):
    """Raised when one record would take more room in the store than a record may."""


class VisitNotFoundError(RegisterError):
    """Raised when an expense or correction names a visit this partnership does not have."""


class RoomAlreadyNamedError(RegisterError):
    """Raised when the same room in the same building is named twice for a partnership."""


class SeveranceBeforeRecordsError(RegisterError):
    """Raised when a severance date precedes something already recorded."""


class ConcurrentUpdateError(RegisterError):
    """Raised when other writers kept changing the partnership until the retries ran out."""


class ExpenseNotFoundError(RegisterError):
    """Raised when a correction names an expense this partnership does not have."""


class AlreadyVoidedError(RegisterError):
    """Raised when a voided expense or visit is corrected or voided again."""


class NothingToCorrectError(RegisterError):
    """Raised when a correction would leave the record exactly as it is."""


class NotYetEstablishedError(RegisterError):
    """Raised when a partnership is asked about as of a date before it was established."""


class NotYetRecordedError(RegisterError):
    """Raised when a partnership is asked about as known at a time before it was recorded."""


class VersionNotFoundError(RegisterError):
    """Raised when a partnership is asked about at a version it does not have."""
