Feature: An auditor verifies an exported register on their own machine
  An external auditor, an ombudsman or a journalist answering a freedom-of-information request
  gets no login to the council's database. They get a file of the register's whole history and
  the digest the council published, and must be able to prove, on their own machine and with
  nothing of the council's, that the file is the whole history and that nothing in it was
  changed. A council moving its register to another database uses the same file.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And a delegation from Tarlenheim visited the council on 2016-09-15
    And £6,854.00 spent on 2016-04-20 was recorded against the partnership with Tarlenheim
    And the council has published the register's digest
    And the council has exported the register's history to a file

  Rule: The file the council gave out proves itself against the published digest

    Scenario: the auditor verifies the file they were given
      When the auditor verifies the file against the published digest, on their own machine
      Then the file is proven to be the register's whole history of 3 records

    Scenario: the file moves the register to another database unchanged
      When the file is imported into a new, empty register
      Then the new register's digest is the one the council published
      And the new register's spending report is the same as the old one's

  Rule: A file changed in any way is found out, and the finding names its first wrong line

    Scenario Outline: an altered file is found out
      Given someone <alteration>
      When the auditor verifies the file against the published digest, on their own machine
      Then the file is found altered, at "<where>"

      Examples:
        | alteration                                                     | where           |
        | changed the amount of the expense in the file                  | line 4          |
        | deleted the record of the visit from the file                  | line 3          |
        | swapped the records of the visit and the expense in the file   | line 3          |
        | cut off the expense and rewrote the file's first line to match | stops at line 3 |

    Scenario: an altered file is not imported, and nothing of it is stored
      Given someone changed the amount of the expense in the file
      When the file is imported into a new, empty register
      Then the import is refused, naming "line 4"
      And the new register holds no records
