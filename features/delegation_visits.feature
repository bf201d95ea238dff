Feature: Recording delegation visits
  Visits are the life of a partnership: dignitaries and young people from Staffordshire and Ivanovo
  visited each other for nearly twenty years. The register counts the visits in each direction, so
  that the council can show how active a partnership is and when it was last visited, and it
  accepts only visits that fall within the partnership's lifetime.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Ivanovo in Russia since 1999-01-01
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And Exeford Borough Council is twinned with Zenda in Ruritania since 2001-05-01

  Rule: Visits to the council and to the partner city are counted separately

    Scenario: visits in both directions are counted
      Given these delegations visited:
        | on         | from        | to          | delegation                   |
        | 2000-06-01 | Ivanovo     | the council | Guests from Ivanovo          |
        | 2005-05-16 | the council | Ivanovo     | Council delegation to Russia |
      When a delegation from Ivanovo is recorded as visiting the council on 2016-09-15
      Then the partnership with Ivanovo has 3 visits: 2 to the council and 1 to the partner city
      And the partnership with Ivanovo was last visited on 2016-09-15

  @rule-2
  Rule: A visit cannot be dated before the partnership was established

    Scenario: a visit before the partnership was established is refused
      When a delegation from the council is recorded as visiting Tarlenheim on 1998-12-31
      Then the register refuses it because the date is before the partnership was established
      And the explanation mentions "1999-01-01"
      And the partnership with Tarlenheim has 0 visits: 0 to the council and 0 to the partner city
      And the history of the partnership with Tarlenheim still holds 1 record

    Scenario: a visit on the day the partnership was established is counted
      When a delegation from the council is recorded as visiting Tarlenheim on 1999-01-01
      Then the partnership with Tarlenheim has 1 visit: 0 to the council and 1 to the partner city

  @rule-2
  Rule: A visit cannot be dated in the future

    Scenario Outline: a visit dated after today is refused
      Given a delegation from Tarlenheim visited the council on 2016-09-15
      When a delegation from <from> is recorded as visiting <to> on <date>
      Then the register refuses it because the date is in the future
      And the explanation mentions "today is 2026-11-28"
      And the partnership with Tarlenheim has 1 visit: 1 to the council and 0 to the partner city
      And the history of the partnership with Tarlenheim still holds 2 records

      Examples:
        | from        | to          | date       |
        | Tarlenheim  | the council | 2026-11-29 |
        | the council | Tarlenheim  | 2027-06-01 |

    Scenario: a visit dated today is counted
      When a delegation from Tarlenheim is recorded as visiting the council on 2026-11-28
      Then the partnership with Tarlenheim has 1 visit: 1 to the council and 0 to the partner city

  @rule-1
  Rule: Once ties are severed, only visits up to the severance date are accepted

    Background:
      Given a delegation from Tarlenheim visited the council on 2016-09-15
      And the ties with Tarlenheim were severed on 2018-03-16

    Scenario: a visit dated after the severance is refused
      When a delegation from the council is recorded as visiting Tarlenheim on 2018-03-17
      Then the register refuses it because the date is after the ties were severed
      And the explanation mentions "2018-03-16"
      And the partnership with Tarlenheim has 1 visit: 1 to the council and 0 to the partner city
      And the history of the partnership with Tarlenheim still holds 3 records

    Scenario: a visit made before the severance can still be recorded after it
      When a delegation from the council is recorded as visiting Tarlenheim on 2005-05-16
      Then the partnership with Tarlenheim has 2 visits: 1 to the council and 1 to the partner city
      And the partnership with Tarlenheim was last visited on 2016-09-15

    Scenario: the day of the severance is still inside the partnership
      Given the ties with Zenda were severed on 2019-06-30, announced by the Mayor of Exeford, because the twinning association was wound up
      When a delegation from Zenda is recorded as visiting the council on 2019-06-30
      Then the partnership with Zenda has 1 visit: 1 to the council and 0 to the partner city
      And the partnership with Zenda was last visited on 2019-06-30

  Rule: The record of visits shows who went, and why

    Scenario: a visit's members and purpose are shown beside it
      When these delegations are recorded as visiting:
        | on         | from        | to          | delegation                   | members                | purpose                      |
        | 2002-03-01 | the council | Zenda       | the Mayor of Exeford's party | Cllr Ann Lee; Tom Hale | to sign the twinning charter |
        | 2003-09-12 | Zenda       | the council | the Zenda youth orchestra    |                        |                              |
      Then the record of visits of the partnership with Zenda reads:
        | on         | delegation went     | delegation                   | members                | purpose                      | cost  |
        | 2002-03-01 | to the partner city | the Mayor of Exeford's party | Cllr Ann Lee; Tom Hale | to sign the twinning charter | £0.00 |
        | 2003-09-12 | to the council      | the Zenda youth orchestra    |                        |                              | £0.00 |
