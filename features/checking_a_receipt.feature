Feature: Checking a receipt for one expense against a published digest
  Anyone may ask the council for a receipt for one record, such as an expense: a proof that the
  record is part of the history the council's published digest covers, without being handed
  the rest of the history. The receipt carries the record itself, so whoever checks it sees
  what was recorded, and can check it with nothing but the published digest.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And a delegation from Tarlenheim visited the council on 2016-09-15
    And £6,854.00 spent on 2016-04-20 was recorded against the partnership with Tarlenheim
    And the council has published the register's digest

  Rule: A receipt holds against the digest published when it was made, and any since

    Scenario: a journalist checks a receipt for an expense
      Given a journalist was given a receipt for the expense of £6,854.00
      When the journalist checks the receipt against the published digest, on their own machine
      Then the receipt proves the expense of £6,854.00 is in the published history

    Scenario: a receipt asked for later still checks against the digest published earlier
      Given £120.00 spent on 2016-05-01 was recorded against the partnership with Tarlenheim
      And a journalist was given a receipt for the expense of £6,854.00, for the published digest
      When the journalist checks the receipt against the published digest, on their own machine
      Then the receipt proves the expense of £6,854.00 is in the published history

  Rule: A receipt that was altered, or is checked against another digest, does not hold

    Scenario Outline: an altered receipt fails
      Given a journalist was given a receipt for the expense of £6,854.00
      And someone <alteration>
      When the journalist checks the receipt against the published digest, on their own machine
      Then the receipt does not hold, because "<why>"

      Examples:
        | alteration                                            | why                        |
        | showed the expense's amount as £654.00 in the receipt | data                       |
        | changed one hash of the receipt's proof               | audit path                 |
        | changed the digest the journalist checks against      | not the one you were given |
