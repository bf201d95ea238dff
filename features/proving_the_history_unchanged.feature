Feature: Proving the stored history unchanged
  An auditor must be able to show that the register's history was not altered after the fact:
  not by a fault, and not by someone with access to the database. The register links every
  record to the one before it and keeps a digest of the whole history. The register can verify
  its own history at any time; and the auditor writes the digest down, outside the register,
  and later asks the register to prove its history against it: the history up to the digest
  must be exactly as it was, and anything since may only have been added after it.

  The alterations below are made behind the register's back, directly in its database, as
  someone with access to it could.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And Exeford Borough Council is twinned with Zenda in Ruritania since 2001-05-01
    And these delegations visited:
      | on         | from        | to          | delegation                                      |
      | 1999-10-01 | the council | Tarlenheim  | dignitaries and young people from Staffordshire |
      | 2000-06-01 | Tarlenheim  | the council | guests from Tarlenheim                          |
      | 2002-03-01 | the council | Zenda       | the mayor of Exeford                            |
    And the auditor has written down the register's digest

  @rule-8
  Rule: A history nobody has touched verifies, record by record

    Scenario: the register verifies its own history
      When the auditor asks the register to verify its history
      Then every record is linked to the one before it: 5 records of 2 partnerships

  @rule-8
  Rule: A history that has only grown since the digest was written down is proven unchanged

    Scenario: records added after the digest extend the history
      Given £6,854.00 spent on 2016-04-20 was recorded against the partnership with Tarlenheim
      When the auditor checks the register against the digest written down
      Then the register's history is proven unchanged, with 1 record added since the digest

  @rule-8
  Rule: Any alteration of the stored records is found, and the finding says where

    Scenario Outline: an altered record is found, and named
      Given someone with access to the database <alteration>
      When the auditor checks the register against the digest written down
      Then the history is found altered at record <record> of the partnership with <city>

      Examples:
        | alteration                                                                  | record | city       |
        | edited who recorded the visit of 2000-06-01                                 | 3      | Tarlenheim |
        | deleted the record of the visit of 1999-10-01                               | 2      | Tarlenheim |
        | inserted a record of a visit from Tarlenheim that never took place          | 4      | Tarlenheim |
        | swapped the records of the visits of 1999-10-01 and 2000-06-01              | 2      | Tarlenheim |
        | moved the visit of 2002-03-01 from the partnership with Zenda to Tarlenheim | 4      | Tarlenheim |

  @rule-8
  Rule: Only a digest kept outside the register shows a history rewritten or cut short cleanly

    Scenario: a record rewritten with every link made again no longer matches the digest
      Given someone with access to the database rewrote the delegation of the visit of 2000-06-01 and made every link again
      When the auditor checks the register against the digest written down
      Then the history is found to differ from the one the digest was taken of
      And without the digest the register could not have told

    Scenario: a history cut short after the digest was written down is found out
      Given someone with access to the database cut off the last two records with their links
      When the auditor checks the register against the digest written down
      Then the history is found to stop short of the digest written down
      And without the digest the register could not have told
