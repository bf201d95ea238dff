Feature: Naming rooms in a partner's honour
  Councils name rooms after their partner cities as a lasting, public sign of friendship: in honour
  of its Russian friends, Staffordshire named "The Ivanovo Room" in the County Buildings, Stafford.
  The register keeps which rooms carry a partner's name, so that they can be found again when a
  partnership changes.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Ivanovo in Russia since 1999-01-01
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And Exeford Borough Council is twinned with Zenda in Ruritania since 2001-05-01

  Rule: A room can be named in the partner's honour

    Scenario: Staffordshire names the Ivanovo Room
      When "The Ivanovo Room" in "County Buildings, Stafford" is named in honour of Ivanovo on 2006-06-01
      Then the rooms named in honour of Ivanovo are:
        | room             | building                   |
        | The Ivanovo Room | County Buildings, Stafford |

  @rule-5
  Rule: The same room in the same building is named only once

    Background:
      Given "The Tarlenheim Room" in "County Buildings, Stafford" was named in honour of Tarlenheim on 2006-06-01

    Scenario Outline: naming the same room again is refused, however it is written
      When "<room>" in "<building>" is named in honour of Tarlenheim on 2010-01-01
      Then the register refuses it because the room is already named
      And the explanation mentions "2006-06-01"
      And the rooms named in honour of Tarlenheim are:
        | room                | building                   |
        | The Tarlenheim Room | County Buildings, Stafford |
      And the history of the partnership with Tarlenheim still holds 2 records

      Examples:
        | room                  | building                     |
        | The Tarlenheim Room   | County Buildings, Stafford   |
        | the tarlenheim room   | COUNTY BUILDINGS, STAFFORD   |
        | The  Tarlenheim  Room | County  Buildings,  Stafford |

    Scenario: a room of the same name in another building is named
      When "The Tarlenheim Room" in "Staffordshire Place, Stafford" is named in honour of Tarlenheim on 2012-05-01
      Then the rooms named in honour of Tarlenheim are:
        | room                | building                      |
        | The Tarlenheim Room | County Buildings, Stafford    |
        | The Tarlenheim Room | Staffordshire Place, Stafford |

  @rule-2
  Rule: A room is named within the partnership's lifetime

    Scenario Outline: a naming dated outside the partnership's lifetime is refused
      When "The Tarlenheim Room" in "County Buildings, Stafford" is named in honour of Tarlenheim on <date>
      Then the register refuses it because <reason>
      And the explanation mentions "<fact>"
      And the history of the partnership with Tarlenheim still holds 1 record

      Examples:
        | date       | reason                                             | fact                |
        | 1998-12-31 | the date is before the partnership was established | 1999-01-01          |
        | 2026-11-29 | the date is in the future                          | today is 2026-11-28 |

  @rule-1
  Rule: Once ties are severed, no room is named after the severance

    Scenario: a room named the day after the severance is refused
      Given the ties with Zenda were severed on 2019-06-30, announced by the Mayor of Exeford, because the twinning association was wound up
      When "The Zenda Room" in "Exeford Guildhall" is named in honour of Zenda on 2019-07-01
      Then the register refuses it because the date is after the ties were severed
      And the explanation mentions "2019-06-30"
      And the history of the partnership with Zenda still holds 2 records

    Scenario: a room named on the day of the severance is still named
      Given the ties with Zenda were severed on 2019-06-30, announced by the Mayor of Exeford, because the twinning association was wound up
      When "The Zenda Room" in "Exeford Guildhall" is named in honour of Zenda on 2019-06-30
      Then the rooms named in honour of Zenda are:
        | room           | building          |
        | The Zenda Room | Exeford Guildhall |
