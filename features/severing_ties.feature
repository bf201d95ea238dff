Feature: Severing ties with a partner city
  Partnerships can end abruptly. In March 2018, after the nerve-agent attack in Salisbury that the
  British Government blamed on the Kremlin, Staffordshire's leader Philip Atkins said there were no
  plans for any further exchanges with Ivanovo. The register records when the ties were severed,
  why, and who announced it, and keeps the partnership's history: nothing is deleted.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Ivanovo in Russia since 1999-01-01
    And a delegation from Ivanovo visited the council on 2016-09-15
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And a delegation from Tarlenheim visited the council on 2016-09-15

  Rule: Severing records the date, the reason and who announced it

    Scenario: Staffordshire severs its ties with Ivanovo
      When the ties with Ivanovo are severed on 2018-03-16, announced by Philip Atkins, leader of the council, who said:
        """
        After the nerve-agent attack on Sergei and Yulia Skripal in Salisbury, which the British Government blamed on the Kremlin, there are no plans for any further exchanges
        """
      Then the status report of the partnership with Ivanovo reads:
        | status  | severed on | announced by                         | reason for severing                                                                                                                                                     |
        | severed | 2018-03-16 | Philip Atkins, leader of the council | After the nerve-agent attack on Sergei and Yulia Skripal in Salisbury, which the British Government blamed on the Kremlin, there are no plans for any further exchanges |
      And the partnership with Ivanovo has 1 visit: 1 to the council and 0 to the partner city
      And the history of the partnership with Ivanovo holds 3 records

  @rule-1
  Rule: Ties are severed only once

    Scenario Outline: severing ties that are already severed is refused
      Given the ties with Tarlenheim were severed on 2018-03-16, announced by the council leader, because there are no plans for any further exchanges
      When the ties with Tarlenheim are severed on <date>, announced by the chief executive, because the council was urged to cut all ties
      Then the register refuses it because the ties are already severed
      And the explanation mentions "2018-03-16"
      And the ties with Tarlenheim were severed on 2018-03-16, announced by the council leader, because there are no plans for any further exchanges
      And the history of the partnership with Tarlenheim still holds 3 records

      Examples:
        | date       |
        | 2018-03-16 |
        | 2018-04-01 |
        | 2017-01-01 |

  @rule-6
  Rule: A severance cannot be dated before anything already recorded

    Scenario: a severance dated before a recorded visit is refused
      When the ties with Tarlenheim are severed on 2016-09-14
      Then the register refuses it because the severance would come before something already recorded
      And the explanation mentions "2016-09-15"
      And the partnership with Tarlenheim is still active
      And the history of the partnership with Tarlenheim still holds 2 records

    Scenario: a severance dated before a recorded expense is refused
      Given Exeford Borough Council is twinned with Zenda in Ruritania since 2001-05-01
      And £1,240.00 spent on 2019-05-30 was recorded against the partnership with Zenda
      When the ties with Zenda are severed on 2019-05-29
      Then the register refuses it because the severance would come before something already recorded
      And the explanation mentions "2019-05-30"
      And the partnership with Zenda is still active
      And the history of the partnership with Zenda still holds 2 records

    Scenario: a severance dated before a room was named is refused
      Given Exeford Borough Council is twinned with Zenda in Ruritania since 2001-05-01
      And "The Zenda Room" in "Exeford Guildhall" was named in honour of Zenda on 2004-06-01
      When the ties with Zenda are severed on 2004-05-31
      Then the register refuses it because the severance would come before something already recorded
      And the explanation mentions "2004-06-01"
      And the partnership with Zenda is still active
      And the history of the partnership with Zenda still holds 2 records

    Scenario: a severance on the day of the latest record is accepted
      Given Exeford Borough Council is twinned with Zenda in Ruritania since 2001-05-01
      And £1,240.00 spent on 2019-05-30 was recorded against the partnership with Zenda
      When the ties with Zenda are severed on 2019-05-30, announced by the Mayor of Exeford, because the twinning association was wound up
      Then the status report of the partnership with Zenda reads:
        | status  | severed on | announced by         |
        | severed | 2019-05-30 | the Mayor of Exeford |

  @rule-2
  Rule: A severance is dated between the establishment and today

    Scenario Outline: a severance dated outside the partnership's lifetime is refused
      When the ties with Tarlenheim are severed on <date>
      Then the register refuses it because <reason>
      And the explanation mentions "<fact>"
      And the partnership with Tarlenheim is still active
      And the history of the partnership with Tarlenheim still holds 2 records

      Examples:
        | date       | reason                                             | fact                |
        | 1998-12-31 | the date is before the partnership was established | 1999-01-01          |
        | 2026-11-29 | the date is in the future                          | today is 2026-11-28 |

  @rule-7
  Rule: Only a partnership in the register can be severed

    Scenario: severing ties with a city the council is not twinned with is refused
      When the ties with Strelsau are severed on 2018-03-16
      Then the register refuses it because there is no such partnership
      And the explanation mentions "Strelsau"
      And the partnership with Tarlenheim is still active
      And the history of the partnership with Tarlenheim still holds 2 records
