Feature: Proving the stored history unchanged
  An auditor must be able to show that the register's history was not altered after the fact:
  not by a fault, and not by someone with access to the database. The register links every
  record to the one before it and keeps a digest of the whole history. The auditor writes the
  digest down, outside the register, and later asks the register to prove its history against
  it: the history up to the digest must be exactly as it was, and anything since may only have
  been added after it.

  Background:
    Given the register is kept in its own database file, and today is 2026-11-28
    And Staffordshire County Council is twinned with Ivanovo in Russia since 1999-01-01
    And a delegation from Ivanovo visited the council on 2016-09-14
    And the auditor has written down the register's digest

  Rule: A history that has only grown since the digest was written down is proven unchanged

    Scenario: records added after the digest extend the history
      Given £6,854.00 spent on 2016-04-20 was recorded against the partnership with Ivanovo
      When the auditor checks the register against the digest written down
      Then the register's history is proven unchanged, with 1 record added since the digest

  Rule: Any alteration of the stored records is found, and the finding says where

    Scenario Outline: an altered history is found out
      Given someone with access to the database <alteration>
      When the auditor checks the register against the digest written down
      Then the register's history is found altered, at "<where>"

      Examples:
        | alteration                                                     | where                               |
        | changed who recorded the visit                                 | version 2 at log position 2         |
        | deleted the record of the visit                                | version 2 at log position 2 is missing |
        | rewrote the visit's delegation and recomputed every link       | up to log position 2                |
        | removed the visit together with its link to the record before  | no longer reaches log position 2    |
