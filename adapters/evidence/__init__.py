"""Evidence an auditor takes away: exports and imports of the whole history, its Merkle tree,
and receipts (inclusion and consistency proofs) checked with no database."""
