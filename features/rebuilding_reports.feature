Feature: Rebuilding the reports from the history
  The register's history is the record; the reports that the committee, the auditor and the
  treasurer read are only drawn from it. So any report can be thrown away at any time, after a
  fault or when it is redesigned, and drawn again from the history with exactly the same result,
  and nobody need trust a report more than the history behind it.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And Staffordshire County Council is twinned with Strelsau in Ruritania since 2002-06-01
    And these delegations visited:
      | on         | from        | to          | delegation                                      |
      | 1999-10-01 | the council | Tarlenheim  | dignitaries and young people from Staffordshire |
      | 2000-06-01 | Tarlenheim  | the council | guests from Tarlenheim                          |
      | 2010-04-12 | the council | Strelsau    | the chairman and two officers                   |
      | 2016-04-20 | the council | Tarlenheim  | a council delegation to Ruritania               |
    And these sums were spent on the Tarlenheim visit of 2016-04-20:
      | spent on   | amount    | paid to             | for                       |
      | 2016-03-31 | £4,100.00 | Midlands Travel Ltd | flights booked in advance |
      | 2016-04-22 | £2,754.00 | Hotel Tarlenheim    | four nights in Tarlenheim |
    And these sums were spent on the partnership with Strelsau:
      | spent on   | amount  | paid to             | for                    |
      | 2010-04-12 | £850.00 | Ruritanian Railways | rail fares to Strelsau |
      | 2010-04-13 | £0.10   | Ruritanian Railways | a booking fee          |
    And "The Tarlenheim Room" in "County Buildings, Stafford" was named in honour of Tarlenheim on 2006-06-01
    And the ties with Tarlenheim were severed on 2018-03-16, announced by the council leader, because there are no plans for any further exchanges
    And every report has been read

  Rule: Reports rebuilt from the history read exactly as they did before

    Scenario: every report is thrown away and rebuilt at once
      When all the reports are thrown away and rebuilt from the history
      Then every report has read the whole history
      And every report reads exactly as it did before

    Scenario Outline: one report is thrown away and rebuilt alone
      When the <report> is thrown away and rebuilt from the history
      Then every report has read the whole history
      And every report reads exactly as it did before

      Examples:
        | report           |
        | status report    |
        | audit trail      |
        | spending ledger  |
        | record of visits |

  Rule: A report lost in a fault is restored by rebuilding it

    Scenario Outline: a report lost in a fault is rebuilt
      Given a fault left the <report> empty
      When the <report> is thrown away and rebuilt from the history
      Then every report reads exactly as it did before

      Examples:
        | report           |
        | status report    |
        | audit trail      |
        | spending ledger  |
        | record of visits |

  Rule: Rebuilt reports go on following the history

    Scenario: a visit recorded after a rebuild appears in the status report
      Given all the reports were thrown away and rebuilt from the history
      And a delegation from Strelsau visited the council on 2019-05-01
      When the committee reads the status report
      Then the status report reads:
        | partner city | status  | visits to the council | visits to the partner city | last visited | cost      |
        | Tarlenheim   | severed | 1                     | 2                          | 2016-04-20   | £6,854.00 |
        | Strelsau     | active  | 1                     | 1                          | 2019-05-01   | £850.10   |
      And the status report agrees with each partnership's own history in the register
