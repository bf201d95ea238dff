"""Which way a delegation travelled: to the council (inbound) or to the partner (outbound)."""

from __future__ import annotations

INBOUND = "inbound"
OUTBOUND = "outbound"
DIRECTIONS = (INBOUND, OUTBOUND)
