"""How long the command line's input may be, and how short: numbers the schemas hold input to,
kept apart from them so that what prints a short id, or takes a PARTNERSHIP that plainly keeps
the rules, loads no marshmallow."""

from __future__ import annotations

#: How much of an id ``history`` prints, and the least of one a command takes.
SHORT_ID_LENGTH = 8

#: The longest PARTNERSHIP taken: room for any reference (at most REFERENCE_MAX_LENGTH) and
#: for the council and city typed as names, with spaces and punctuation.
PARTNERSHIP_MAX_LENGTH = 1000
