Feature: Retracing a partnership's history
  When a figure looks wrong, an auditor wants to see how it came to be. A replay walks through a
  partnership's history in the order the records were made, showing where the partnership
  stood after each one, so that a record made late or a correction can be seen taking effect.
  A comparison takes two points in the partnership's life and names every figure that differs
  between them, what it was and what it became, and the records that changed it. A point is a
  date (where the partnership stood on it, as the register knows it now) or a record of the
  history (where the partnership stood after it). The records are numbered in the order they
  were made, from 1 for the establishment.

  Background:
    Given today is 2026-11-28
    And unless a step says otherwise, each delegation is a civic delegation
    And unless a step says otherwise, sums are paid to Midlands Travel Ltd for the partnership's costs
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And a delegation from the council visited Tarlenheim on 2005-05-16
    And £3,500.00 spent on 2005-05-16 was recorded against the partnership with Tarlenheim
    And "The Tarlenheim Room" in "County Buildings, Stafford" was named in honour of Tarlenheim on 2006-06-01
    And a delegation from the council visited Tarlenheim on 2016-04-20
    And £6,854.00 spent on 2016-04-20 was recorded against the partnership with Tarlenheim
    And a delegation from Tarlenheim visited the council on 2016-09-15
    And a delegation from Tarlenheim visited the council on 2000-06-01
    And the £6,854.00 spent on 2016-04-20 was corrected to £6,584.00, because two digits were transposed
    And the ties with Tarlenheim were severed on 2018-03-16, announced by the council leader, because there are no plans for any further exchanges

  Rule: A replay shows every record in the order it was made, each with where it left the partnership

    Scenario: the replay of the partnership with Tarlenheim, with a visit recorded late and a sum corrected
      When the auditor replays the history of the partnership with Tarlenheim
      Then the replay reads:
        | record | on         | what was recorded                                                                           | status  | visits to the council | visits to the partner city | last visited | cost       |
        | 1      | 1999-01-01 | Staffordshire County Council established a partnership with Tarlenheim, Ruritania           | active  | 0                     | 0                          |              | £0.00      |
        | 2      | 2005-05-16 | Delegation to the partner: a civic delegation                                               | active  | 0                     | 1                          | 2005-05-16   | £0.00      |
        | 3      | 2005-05-16 | £3,500.00 paid to Midlands Travel Ltd for the partnership's costs                           | active  | 0                     | 1                          | 2005-05-16   | £3,500.00  |
        | 4      | 2006-06-01 | The Tarlenheim Room named in County Buildings, Stafford                                     | active  | 0                     | 1                          | 2005-05-16   | £3,500.00  |
        | 5      | 2016-04-20 | Delegation to the partner: a civic delegation                                               | active  | 0                     | 2                          | 2016-04-20   | £3,500.00  |
        | 6      | 2016-04-20 | £6,854.00 paid to Midlands Travel Ltd for the partnership's costs                           | active  | 0                     | 2                          | 2016-04-20   | £10,354.00 |
        | 7      | 2016-09-15 | Delegation to the council: a civic delegation                                               | active  | 1                     | 2                          | 2016-09-15   | £10,354.00 |
        | 8      | 2000-06-01 | Delegation to the council: a civic delegation                                               | active  | 2                     | 2                          | 2016-09-15   | £10,354.00 |
        | 9      | 2016-04-20 | Expense N corrected (amount £6,854.00 to £6,584.00) because two digits were transposed      | active  | 2                     | 2                          | 2016-09-15   | £10,084.00 |
        | 10     | 2018-03-16 | Ties severed, announced by the council leader: there are no plans for any further exchanges | severed | 2                     | 2                          | 2016-09-15   | £10,084.00 |

  Rule: Between two dates, each figure that changed is named with the records dated between them that changed it

    Scenario: what changed in April 2016, the corrected sum counted at its corrected amount
      When the auditor asks what changed in the partnership with Tarlenheim between 2016-04-01 and 2016-04-30
      Then these changed:
        | what                       | was        | now        | because of records |
        | visits to the partner city | 1          | 2          | 5                  |
        | visits in all              | 2          | 3          | 5                  |
        | last visited               | 2005-05-16 | 2016-04-20 | 5                  |
        | cost                       | £3,500.00  | £10,084.00 | 6, 9               |

  Rule: Between two records, each figure that changed is named with the records made between them that changed it

    Scenario: what changed from record 3 to record 6
      When the auditor asks what changed in the partnership with Tarlenheim between record 3 and record 6
      Then these changed:
        | what                       | was        | now                                             | because of records |
        | visits to the partner city | 1          | 2                                               | 5                  |
        | visits in all              | 1          | 2                                               | 5                  |
        | last visited               | 2005-05-16 | 2016-04-20                                      | 5                  |
        | cost                       | £3,500.00  | £10,354.00                                      | 6                  |
        | rooms named                |            | The Tarlenheim Room, County Buildings, Stafford | 4                  |

    Scenario: what changed from record 8 to the end, a correction and the severance
      When the auditor asks what changed in the partnership with Tarlenheim between record 8 and record 10
      Then these changed:
        | what                | was        | now                                          | because of records |
        | status              | active     | severed                                      | 10                 |
        | severed on          |            | 2018-03-16                                   | 10                 |
        | reason for severing |            | there are no plans for any further exchanges | 10                 |
        | announced by        |            | the council leader                           | 10                 |
        | cost                | £10,354.00 | £10,084.00                                   | 9                  |

  Rule: A point compared with itself shows nothing changed

    Scenario Outline: comparing <point> with itself
      When the auditor asks what changed in the partnership with Tarlenheim between <point> and <point>
      Then nothing changed

      Examples:
        | point      |
        | record 4   |
        | 2010-12-31 |

  Rule: A record is named only for the figures it changed

    Scenario: a visit each way in 2016 is named only for its own direction
      When the auditor asks what changed in the partnership with Tarlenheim between 2016-01-01 and 2016-12-31
      Then these changed:
        | what                       | was        | now        | because of records |
        | visits to the council      | 1          | 2          | 7                  |
        | visits to the partner city | 1          | 2          | 5                  |
        | visits in all              | 2          | 4          | 5, 7               |
        | last visited               | 2005-05-16 | 2016-09-15 | 5, 7               |
        | cost                       | £3,500.00  | £10,084.00 | 6, 9               |

    Scenario: a visit of 2000 recorded late is not named for a change in the last visit
      When the auditor asks what changed in the partnership with Tarlenheim between record 6 and record 8
      Then these changed:
        | what                  | was        | now        | because of records |
        | visits to the council | 0          | 2          | 7, 8               |
        | visits in all         | 2          | 4          | 7, 8               |
        | last visited          | 2016-04-20 | 2016-09-15 | 7                  |

    Scenario: from a record to a date, only records after the one and dated by the other are named
      When the auditor asks what changed in the partnership with Tarlenheim between record 3 and 2010-12-31
      Then these changed:
        | what                  | was | now                                             | because of records |
        | visits to the council | 0   | 1                                               | 8                  |
        | visits in all         | 1   | 2                                               | 8                  |
        | rooms named           |     | The Tarlenheim Room, County Buildings, Stafford | 4                  |
