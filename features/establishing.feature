Feature: Establishing a partnership
  A council keeps a register of the cities it is twinned with, so that anyone can see which
  international civic partnerships it holds and since when. Establishing a partnership opens its
  record under a readable reference; visits, spending, named rooms and a severance are then
  recorded against it.

  Background:
    Given today is 2026-11-28

  Rule: A partnership is established once, under a reference made from its council and city

    Scenario: Staffordshire establishes its partnership with Ivanovo
      When Staffordshire County Council establishes a partnership with Ivanovo in Russia dated 1999-01-01
      Then the register holds these partnerships:
        | reference                             | council                      | city    | country | since      |
        | staffordshire-county-council--ivanovo | Staffordshire County Council | Ivanovo | Russia  | 1999-01-01 |
      And the partnership with Ivanovo is active
      And the partnership with Ivanovo has 0 visits: 0 to the council and 0 to the partner city
      And the partnership with Ivanovo has cost £0.00 in all

    Scenario Outline: the same council and city cannot be established twice, however they are written
      Given Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
      When <council> establishes a partnership with <city> in Ruritania dated 2001-03-01
      Then the register refuses it because the partnership is already established
      And the explanation mentions "staffordshire-county-council--tarlenheim"
      And the register holds these partnerships:
        | reference                                | council                      | city       | country   | since      |
        | staffordshire-county-council--tarlenheim | Staffordshire County Council | Tarlenheim | Ruritania | 1999-01-01 |
      And the history of the partnership with Tarlenheim still holds 1 record

      Examples:
        | council                            | city           |
        | Staffordshire County Council       | Tarlenheim     |
        | staffordshire county council       | TARLENHEIM     |
        | Staffordshire  County   Council    | Tarlenheim     |
        | "  Staffordshire County Council  " | " Tarlenheim " |

    Scenario: another council may be twinned with the same city
      Given Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
      When Exeford Borough Council establishes a partnership with Tarlenheim in Ruritania dated 2004-09-01
      Then the register holds these partnerships:
        | reference                                | council                      | city       | country   | since      |
        | staffordshire-county-council--tarlenheim | Staffordshire County Council | Tarlenheim | Ruritania | 1999-01-01 |
        | exeford-borough-council--tarlenheim      | Exeford Borough Council      | Tarlenheim | Ruritania | 2004-09-01 |

  @rule-2
  Rule: A partnership cannot be established with a date in the future

    Scenario Outline: a partnership dated after today is refused
      When Staffordshire County Council establishes a partnership with Tarlenheim in Ruritania dated <date>
      Then the register refuses it because the date is in the future
      And the explanation mentions "today is 2026-11-28"
      And the register holds no partnerships

      Examples:
        | date       |
        | 2026-11-29 |
        | 2027-01-01 |

    Scenario: a partnership may be established today
      When Staffordshire County Council establishes a partnership with Tarlenheim in Ruritania dated 2026-11-28
      Then the register holds these partnerships:
        | reference                                | council                      | city       | country   | since      |
        | staffordshire-county-council--tarlenheim | Staffordshire County Council | Tarlenheim | Ruritania | 2026-11-28 |

  Rule: A partnership can be found afterwards by its reference

    Scenario Outline: the reference finds the partnership however it is typed
      Given Staffordshire County Council is twinned with Ivanovo in Russia since 1999-01-01
      When someone looks up the reference <typed>
      Then they find Staffordshire County Council's partnership with Ivanovo in Russia since 1999-01-01

      Examples:
        | typed                                       |
        | "staffordshire-county-council--ivanovo"     |
        | "Staffordshire-County-Council--Ivanovo"     |
        | "  staffordshire-county-council--ivanovo  " |

  @rule-7
  Rule: A partnership the register does not hold is not found, whatever is asked of it

    Scenario Outline: <what> of a partnership the register does not hold is not found
      Given Staffordshire County Council is twinned with Ivanovo in Russia since 1999-01-01
      When <attempt>
      Then the register refuses it because there is no such partnership
      And the explanation mentions "Zenda"
      And the history of the partnership with Ivanovo still holds 1 record

      Examples:
        | what              | attempt                                                                    |
        | a visit           | a delegation from the council is recorded as visiting Zenda on 2010-04-12  |
        | a sum spent       | £120.00 spent on 2010-04-12 is recorded against the partnership with Zenda |
        | the status report | the committee asks for the status report of the partnership with Zenda     |
