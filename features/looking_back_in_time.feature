Feature: Looking back in time
  Auditors, councillors and residents with freedom-of-information requests ask about the past in
  two ways. "Where did the partnership stand on 31 December 2016?" is a question about a date,
  answered from everything the register knows now: a visit recorded years later counts on the
  day it took place, and a sum corrected since counts as corrected. "What did the register say at
  the June review?" is a question about what was known at a moment: nothing recorded afterwards
  counts, not even a correction. The two combine, so that an auditor can see what the council
  believed at a review about a date before it. And because the history is kept record by
  record, the register can also say where a partnership stood after any one of its records.

  The moments the auditor asks about are times the auditor noted while the records were made.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01

  Rule: On a date, everything that had happened by then counts, however late it was recorded

    Scenario: a visit recorded late counts on the day it took place, and a later visit does not
      Given a delegation from the council visited Tarlenheim on 2016-04-20
      And a delegation from Tarlenheim visited the council on 2000-06-01
      And a delegation from the council visited Tarlenheim on 2005-05-16
      When the auditor asks where the partnership with Tarlenheim stood on 2010-12-31
      Then the register answers:
        | partner city | status | visits to the council | visits to the partner city | last visited |
        | Tarlenheim   | active | 1                     | 1                          | 2005-05-16   |

    Scenario Outline: the ties count as severed from the day they were severed
      Given the ties with Tarlenheim were severed on 2018-03-16, announced by the council leader, because there are no plans for any further exchanges
      When the auditor asks where the partnership with Tarlenheim stood on <date>
      Then the register answers:
        | status   | severed on   | announced by   |
        | <status> | <severed on> | <announced by> |

      Examples:
        | date       | status  | severed on | announced by       |
        | 2018-03-15 | active  |            |                    |
        | 2018-03-16 | severed | 2018-03-16 | the council leader |

  Rule: On a date, each sum counts as it stands now, corrected or voided since

    Background:
      Given these sums were spent on the partnership with Tarlenheim:
        | spent on   | amount    | paid to             | for                              |
        | 2005-05-16 | £3,500.00 | Midlands Travel Ltd | the council's visit to Ruritania |
        | 2016-04-20 | £6,854.00 | Midlands Travel Ltd | the council's visit to Ruritania |

    Scenario Outline: a sum corrected after it was recorded counts as corrected
      Given <correction>
      When the auditor asks where the partnership with Tarlenheim stood on 2010-12-31
      Then the register answers:
        | cost   |
        | <cost> |

      Examples:
        | correction                                                                                                          | cost       |
        | the £3,500.00 spent on 2005-05-16 was corrected to £3,050.00, because the invoice was for £3,050.00                 | £3,050.00  |
        | the £3,500.00 spent on 2005-05-16 was corrected to have been spent on 2011-01-05, because the invoice is dated then | £0.00      |
        | the £6,854.00 spent on 2016-04-20 was corrected to have been spent on 2010-04-20, because the visit was in 2010     | £10,354.00 |
        | the £3,500.00 spent on 2005-05-16 was voided, because it was recorded twice                                         | £0.00      |

  Rule: Nothing can be said of a partnership on a date before it was established

    Scenario: the day before the partnership was established
      When the auditor asks where the partnership with Tarlenheim stood on 1998-12-31
      Then the register cannot answer, because the partnership was not yet established then
      And the explanation mentions "1999-01-01"

    Scenario: the day the partnership was established, with nothing yet done
      Given a delegation from the council visited Tarlenheim on 1999-10-01
      When the auditor asks where the partnership with Tarlenheim stood on 1999-01-01
      Then the register answers:
        | status | since      | visits to the council | visits to the partner city | last visited | cost  | rooms named |
        | active | 1999-01-01 | 0                     | 0                          |              | £0.00 |             |

    Scenario: the list of partnerships on a date leaves out those established later
      Given Staffordshire County Council is twinned with Strelsau in Ruritania since 2002-06-01
      When the committee asks for the list of partnerships as it stood on 2001-12-31
      Then the register answers:
        | partner city | since      |
        | Tarlenheim   | 1999-01-01 |

  Rule: At a moment, the register says what it had been told by then, and nothing recorded afterwards

    Scenario: records made after the review are left out, whatever their dates
      Given a delegation from the council visited Tarlenheim on 2016-04-20
      And £6,854.00 spent on 2016-04-20 was recorded against the partnership with Tarlenheim
      And the auditor noted the time as "the June review"
      And a delegation from the council visited Tarlenheim on 2005-05-16
      And £3,500.00 spent on 2005-05-16 was recorded against the partnership with Tarlenheim
      And the ties with Tarlenheim were severed on 2018-03-16
      When the auditor asks what the register said about the partnership with Tarlenheim at the June review
      Then the register answers:
        | status | severed on | visits to the partner city | last visited | cost      |
        | active |            | 1                          | 2016-04-20   | £6,854.00 |

    Scenario: a correction made after the review does not change what the register said then
      Given £3,500.00 spent on 2005-05-16 was recorded against the partnership with Tarlenheim
      And the auditor noted the time as "the June review"
      And the £3,500.00 spent on 2005-05-16 was corrected to £3,050.00, because the invoice was for £3,050.00
      When the auditor asks what the register said about the partnership with Tarlenheim at the June review
      Then the register answers:
        | cost      |
        | £3,500.00 |
      And the partnership with Tarlenheim has cost £3,050.00 in all

    Scenario: a partnership recorded after the review was unknown to the register then
      Given the auditor noted the time as "the spring review"
      And Staffordshire County Council is twinned with Strelsau in Ruritania since 2002-06-01
      When the auditor asks what the register said about the partnership with Strelsau at the spring review
      Then the register cannot answer, because nothing about the partnership had been recorded by then

    Scenario: the list given at the review leaves out partnerships recorded afterwards, however long they had existed
      Given the auditor noted the time as "the spring review"
      And Staffordshire County Council is twinned with Strelsau in Ruritania since 2002-06-01
      When the committee asks for the list of partnerships as the register gave it at the spring review
      Then the register answers:
        | partner city |
        | Tarlenheim   |

  Rule: The two questions combine: what the register said at a moment about a date before it

    Background:
      Given a delegation from the council visited Tarlenheim on 2016-04-20
      And £6,854.00 spent on 2016-04-20 was recorded against the partnership with Tarlenheim
      And the ties with Tarlenheim were severed on 2018-03-16, announced by the council leader, because there are no plans for any further exchanges
      And the auditor noted the time as "the June review"
      And a delegation from Tarlenheim visited the council on 2016-09-15
      And the £6,854.00 spent on 2016-04-20 was corrected to £6,584.00, because two digits were transposed

    Scenario Outline: what was believed at the June review about 31 December 2016, beside the other questions
      When the auditor asks <question>
      Then the register answers:
        | status   | visits to the council | visits to the partner city | last visited   | cost   |
        | <status> | <to the council>      | <to the partner city>      | <last visited> | <cost> |

      Examples:
        | question                                                                                                  | status  | to the council | to the partner city | last visited | cost      |
        | what the register said at the June review about where the partnership with Tarlenheim stood on 2016-12-31 | active  | 0              | 1                   | 2016-04-20   | £6,854.00 |
        | what the register said about the partnership with Tarlenheim at the June review                           | severed | 0              | 1                   | 2016-04-20   | £6,854.00 |
        | where the partnership with Tarlenheim stood on 2016-12-31                                                 | active  | 1              | 1                   | 2016-09-15   | £6,584.00 |

    Scenario: what changed between the June review and the autumn review
      Given the auditor noted the time as "the autumn review"
      When the auditor asks what changed in the partnership with Tarlenheim between the June review and the autumn review
      Then these changed:
        | what                  | was        | now        | because of records |
        | visits to the council | 0          | 1          | 5                  |
        | visits in all         | 1          | 2          | 5                  |
        | last visited          | 2016-04-20 | 2016-09-15 | 5                  |
        | cost                  | £6,854.00  | £6,584.00  | 6                  |

  Rule: The spending ledger and the audit trail answer the same three questions

    Background:
      Given these sums were spent on the partnership with Tarlenheim:
        | spent on   | amount    | paid to             | for                              |
        | 2005-05-16 | £3,500.00 | Midlands Travel Ltd | the council's visit to Ruritania |
      And the auditor noted the time as "the June review"
      And these sums were spent on the partnership with Tarlenheim:
        | spent on   | amount    | paid to             | for                              |
        | 2016-04-20 | £6,854.00 | Midlands Travel Ltd | the council's visit to Ruritania |
      And the £3,500.00 spent on 2005-05-16 was corrected to £3,050.00, because the invoice was for £3,050.00

    Scenario: the spending ledger on a date counts each sum as it stands now
      When the treasurer reads the spending ledger of the partnership with Tarlenheim as it stood on 2010-12-31
      Then the spending ledger reads:
        | spent on   | amount    | paid to             | financial year |
        | 2005-05-16 | £3,050.00 | Midlands Travel Ltd | 2005/06        |

    Scenario: the spending ledger at a moment holds only what had been recorded by then
      When the treasurer reads the spending ledger of the partnership with Tarlenheim as the register gave it at the June review
      Then the spending ledger reads:
        | spent on   | amount    | paid to             | financial year |
        | 2005-05-16 | £3,500.00 | Midlands Travel Ltd | 2005/06        |

    Scenario: the spending ledger after a record holds the sums recorded up to it
      When the treasurer reads the spending ledger of the partnership with Tarlenheim as it stood after record 3
      Then the spending ledger reads:
        | spent on   | amount    | paid to             | financial year |
        | 2005-05-16 | £3,500.00 | Midlands Travel Ltd | 2005/06        |
        | 2016-04-20 | £6,854.00 | Midlands Travel Ltd | 2016/17        |

    Scenario: the audit trail on a date holds the records dated by then, in the order they were made
      When the auditor reads the audit trail of the partnership with Tarlenheim as it stood on 2010-12-31
      Then the audit trail reads, N standing for the number the register gives a record:
        | on         | summary                                                                                   |
        | 1999-01-01 | Staffordshire County Council established a partnership with Tarlenheim, Ruritania         |
        | 2005-05-16 | £3,500.00 paid to Midlands Travel Ltd for the council's visit to Ruritania                |
        | 2005-05-16 | Expense N corrected (amount £3,500.00 to £3,050.00) because the invoice was for £3,050.00 |

    Scenario: the audit trail at a moment holds the records made by then
      When the auditor reads the audit trail of the partnership with Tarlenheim as the register gave it at the June review
      Then the audit trail reads:
        | on         | summary                                                                           |
        | 1999-01-01 | Staffordshire County Council established a partnership with Tarlenheim, Ruritania |
        | 2005-05-16 | £3,500.00 paid to Midlands Travel Ltd for the council's visit to Ruritania        |

    Scenario: the audit trail after a record holds the records up to it
      When the auditor reads the audit trail of the partnership with Tarlenheim as it stood after record 3
      Then the audit trail reads:
        | on         | summary                                                                           |
        | 1999-01-01 | Staffordshire County Council established a partnership with Tarlenheim, Ruritania |
        | 2005-05-16 | £3,500.00 paid to Midlands Travel Ltd for the council's visit to Ruritania        |
        | 2016-04-20 | £6,854.00 paid to Midlands Travel Ltd for the council's visit to Ruritania        |

  Rule: After any one record, the partnership stands as the records up to it left it

    Background:
      Given a delegation from Tarlenheim visited the council on 2016-09-15
      And £3,500.00 spent on 2005-05-16 was recorded against the partnership with Tarlenheim
      And a delegation from the council visited Tarlenheim on 2005-05-16
      And the ties with Tarlenheim were severed on 2018-03-16

    Scenario Outline: where the partnership stood after record <record> of 5
      When the auditor asks where the partnership with Tarlenheim stood after record <record>
      Then the register answers:
        | status   | visits to the council | visits to the partner city | last visited   | cost   |
        | <status> | <to the council>      | <to the partner city>      | <last visited> | <cost> |

      Examples:
        | record | status  | to the council | to the partner city | last visited | cost      |
        | 1      | active  | 0              | 0                   |              | £0.00     |
        | 2      | active  | 1              | 0                   | 2016-09-15   | £0.00     |
        | 3      | active  | 1              | 0                   | 2016-09-15   | £3,500.00 |
        | 4      | active  | 1              | 1                   | 2016-09-15   | £3,500.00 |
        | 5      | severed | 1              | 1                   | 2016-09-15   | £3,500.00 |

    Scenario: a record beyond the end of the history
      When the auditor asks where the partnership with Tarlenheim stood after record 6
      Then the register cannot answer, because its history holds no such record
      And the explanation mentions "1 to 5"
