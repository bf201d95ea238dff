Feature: Correcting records
  The register is the council's evidence of what its partnerships did and what they cost, and an
  auditor must be able to read not only what it says today but everything it ever said. So
  nothing recorded in it is ever deleted or changed in place. When a sum or a visit was recorded
  wrongly, an officer corrects it with a new record that says how it should read, who made the
  correction, on what evidence, and why; when something should never have been recorded at all,
  the officer voids it in the same way. Every total and count then uses each record as it now
  stands and leaves voided ones out, while the history still shows the original beside each
  correction.

  Background:
    Given today is 2026-11-28
    And unless a step says otherwise, the partnerships officer makes each record
    And unless a step says otherwise, each delegation is a civic delegation
    And unless a step says otherwise, sums are paid to Midlands Travel Ltd for the partnership's costs
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And corrections are recorded by Jane Ward, on the evidence of internal audit report IA-2019/07

  @rule-8
  Rule: A corrected amount is the one every total uses, while the history keeps the original

    Background:
      Given a delegation from the council visited Tarlenheim on 2005-05-16
      And these sums were spent on the Tarlenheim visit of 2005-05-16:
        | spent on   | amount    | paid to             | for                  |
        | 2005-05-16 | £3,500.00 | Midlands Travel Ltd | flights to Ruritania |
      And £6,854.00 spent on 2016-04-20 was recorded against the partnership with Tarlenheim
      And the £3,500.00 spent on 2005-05-16 was corrected to £3,050.00, because the invoice was for £3,050.00

    Scenario: the partnership's cost counts the corrected amount
      When the committee reads the status report
      Then the status report reads:
        | partner city | cost      |
        | Tarlenheim   | £9,904.00 |
      And the status report agrees with each partnership's own history in the register

    Scenario: the financial year's total counts the corrected amount
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year    | total     | sums |
        | 2005/06 | £3,050.00 | 1    |
        | 2016/17 | £6,854.00 | 1    |

    Scenario: the visit's cost counts the corrected amount
      When the treasurer reads what each visit cost
      Then the visits cost:
        | partner city | on         | delegation went     | cost      |
        | Tarlenheim   | 2005-05-16 | to the partner city | £3,050.00 |

    Scenario: the history shows the original amount, then the correction with who made it and why
      When the auditor reads the audit trail of the partnership with Tarlenheim
      Then the audit trail reads, N standing for the number the register gives a record:
        | on         | recorded by              | evidence                         | summary                                                                                   |
        | 1999-01-01 | the partnerships officer |                                  | Staffordshire County Council established a partnership with Tarlenheim, Ruritania         |
        | 2005-05-16 | the partnerships officer |                                  | Delegation to the partner: a civic delegation                                             |
        | 2005-05-16 | the partnerships officer |                                  | £3,500.00 paid to Midlands Travel Ltd for flights to Ruritania                            |
        | 2016-04-20 | the partnerships officer |                                  | £6,854.00 paid to Midlands Travel Ltd for the partnership's costs                         |
        | 2005-05-16 | Jane Ward                | internal audit report IA-2019/07 | Expense N corrected (amount £3,500.00 to £3,050.00) because the invoice was for £3,050.00 |

    Scenario: a sum corrected twice counts at its latest amount
      Given the £3,050.00 spent on 2005-05-16 was corrected to £3,005.00, because the credit note was for £495.00, not £450.00
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year    | total     | sums |
        | 2005/06 | £3,005.00 | 1    |
        | 2016/17 | £6,854.00 | 1    |

  @rule-8
  Rule: A sum corrected to another date moves to that date's financial year

    Scenario: a sum spent on 31 March is corrected to 1 April, and joins the next year's total
      Given these sums were spent on the partnership with Tarlenheim:
        | spent on   | amount    | paid to             | for                                    |
        | 2016-03-31 | £1,200.00 | Tarlenheim Printers | a brochure for the Tarlenheim exchange |
        | 2016-04-01 | £6,854.00 | Midlands Travel Ltd | flights and hotels in Tarlenheim       |
      And the £1,200.00 spent on 2016-03-31 was corrected to have been spent on 2016-04-01, because the invoice is dated 1 April 2016
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year    | total     | sums |
        | 2016/17 | £8,054.00 | 2    |

    Scenario Outline: a sum counts in the financial year of its corrected date
      Given £100.00 spent on <recorded on> was recorded against the partnership with Tarlenheim
      And the £100.00 spent on <recorded on> was corrected to have been spent on <corrected to>, because the date was mistyped
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year   | total   | sums |
        | <year> | £100.00 | 1    |

      Examples:
        | recorded on | corrected to | year    |
        | 2016-04-01  | 2016-03-31   | 2015/16 |
        | 2005-05-16  | 2015-05-16   | 2015/16 |

  @rule-8
  Rule: A voided sum no longer counts, but stays in the history

    Background:
      Given these sums were spent on the partnership with Tarlenheim:
        | spent on   | amount    | paid to             | for                      |
        | 2005-05-16 | £3,500.00 | Midlands Travel Ltd | flights to Ruritania     |
        | 2005-05-18 | £250.00   | Hotel Tarlenheim    | two nights in Tarlenheim |
      And the £250.00 spent on 2005-05-18 was voided, because the City of Tarlenheim paid the hotel

    Scenario: the voided sum is left out of the partnership's cost
      When the committee reads the status report
      Then the status report reads:
        | partner city | cost      |
        | Tarlenheim   | £3,500.00 |
      And the status report agrees with each partnership's own history in the register

    Scenario: the voided sum is left out of its financial year
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year    | total     | sums |
        | 2005/06 | £3,500.00 | 1    |

    Scenario: the history shows the voided sum, then who voided it and why
      When the auditor reads the audit trail of the partnership with Tarlenheim
      Then the audit trail reads, N standing for the number the register gives a record:
        | on         | recorded by              | evidence                         | summary                                                                           |
        | 1999-01-01 | the partnerships officer |                                  | Staffordshire County Council established a partnership with Tarlenheim, Ruritania |
        | 2005-05-16 | the partnerships officer |                                  | £3,500.00 paid to Midlands Travel Ltd for flights to Ruritania                    |
        | 2005-05-18 | the partnerships officer |                                  | £250.00 paid to Hotel Tarlenheim for two nights in Tarlenheim                     |
        | 2005-05-18 | Jane Ward                | internal audit report IA-2019/07 | Expense N of £250.00 voided because the City of Tarlenheim paid the hotel         |

  @rule-8
  Rule: A voided visit no longer counts among the visits

    Background:
      Given these delegations visited:
        | on         | from        | to          | delegation                                      |
        | 1999-10-01 | the council | Tarlenheim  | dignitaries and young people from Staffordshire |
        | 2000-06-01 | Tarlenheim  | the council | guests from Tarlenheim                          |
        | 2016-09-15 | Tarlenheim  | the council | a civic delegation from Tarlenheim              |
      And the Tarlenheim visit of 2016-09-15 was voided, because the visit was cancelled and never took place

    Scenario: the voided visit is neither counted nor the last visit
      When the committee reads the status report
      Then the status report reads:
        | partner city | visits to the council | visits to the partner city | last visited |
        | Tarlenheim   | 1                     | 1                          | 2000-06-01   |
      And the status report agrees with each partnership's own history in the register

    Scenario: the voided visit is left out of the visits
      When the treasurer reads what each visit cost
      Then the visits cost:
        | partner city | on         | delegation went     | cost  |
        | Tarlenheim   | 1999-10-01 | to the partner city | £0.00 |
        | Tarlenheim   | 2000-06-01 | to the council      | £0.00 |

  @rule-8
  Rule: Voiding a visit leaves the sums spent on it standing

    Background:
      Given these delegations visited:
        | on         | from        | to         | delegation                        |
        | 2005-05-16 | the council | Tarlenheim | a council delegation to Ruritania |
      And these sums were spent on the Tarlenheim visit of 2005-05-16:
        | spent on   | amount    | paid to             | for                  |
        | 2005-05-16 | £3,500.00 | Midlands Travel Ltd | flights to Ruritania |

    Scenario: the visit no longer counts, and what was spent on it still does
      When the Tarlenheim visit of 2005-05-16 is voided, because the visit was recorded against the wrong partnership
      Then the partnership with Tarlenheim has 0 visits: 0 to the council and 0 to the partner city
      And the partnership with Tarlenheim has cost £3,500.00 in all
      And the spending ledger of the partnership with Tarlenheim reads:
        | spent on   | amount    | paid to             | for                  |
        | 2005-05-16 | £3,500.00 | Midlands Travel Ltd | flights to Ruritania |

  @rule-8
  Rule: A visit corrected to the other direction is counted on the side it travelled to

    Background:
      Given these delegations visited:
        | on         | from       | to          | delegation                         |
        | 2000-06-01 | Tarlenheim | the council | guests from Tarlenheim             |
        | 2016-09-15 | Tarlenheim | the council | a civic delegation from Tarlenheim |
      And the Tarlenheim visit of 2016-09-15 was corrected to have gone to the partner city, because the civic diary shows it went to Tarlenheim

    Scenario: the corrected visit moves from the visits to the council to those to the partner city
      When the committee reads the status report
      Then the status report reads:
        | partner city | visits to the council | visits to the partner city | last visited |
        | Tarlenheim   | 1                     | 1                          | 2016-09-15   |
      And the status report agrees with each partnership's own history in the register

    Scenario: the corrected visit is listed as going to the partner city
      When the treasurer reads what each visit cost
      Then the visits cost:
        | partner city | on         | delegation went     | cost  |
        | Tarlenheim   | 2000-06-01 | to the council      | £0.00 |
        | Tarlenheim   | 2016-09-15 | to the partner city | £0.00 |

  @rule-1 @rule-8
  Rule: Records dated before a severance can still be corrected after it, but not to a date after it

    Background:
      Given Exeford Borough Council is twinned with Zenda in Ruritania since 2001-05-01
      And a delegation from the council visited Zenda on 2019-04-02
      And these sums were spent on the Zenda visit of 2019-04-02:
        | spent on   | amount    | paid to          | for                         |
        | 2019-05-30 | £1,240.00 | Ruritanian Tours | flights and hotels in Zenda |
      And the ties with Zenda were severed on 2019-06-30

    Scenario Outline: a record dated before the severance is corrected after it
      When <correction>
      Then the history of the partnership with Zenda holds 5 records
      And the partnership with Zenda has cost <cost> in all

      Examples:
        | correction                                                                                                       | cost      |
        | the £1,240.00 spent on 2019-05-30 is corrected to £1,420.00, because two digits were transposed                  | £1,420.00 |
        | the £1,240.00 spent on 2019-05-30 is corrected to have been spent on 2019-06-30, because the invoice is dated so | £1,240.00 |
        | the £1,240.00 spent on 2019-05-30 is voided, because the tour operator refunded it                               | £0.00     |
        | the Zenda visit of 2019-04-02 is corrected to have taken place on 2019-04-03, because the flight was a day late  | £1,240.00 |
        | the Zenda visit of 2019-04-02 is corrected to have gone to the council, because it was Zenda's delegation        | £1,240.00 |
        | the Zenda visit of 2019-04-02 is voided, because the visit was cancelled                                         | £1,240.00 |

    Scenario Outline: a correction to a date after the severance is refused, and nothing is stored
      When <correction>
      Then the register refuses it because the date is after the ties were severed
      And the explanation mentions "2019-06-30"
      And the history of the partnership with Zenda still holds 4 records
      And the partnership with Zenda has cost £1,240.00 in all

      Examples:
        | correction                                                                                                       |
        | the £1,240.00 spent on 2019-05-30 is corrected to have been spent on 2019-07-01, because the invoice is dated so |
        | the Zenda visit of 2019-04-02 is corrected to have taken place on 2019-08-01, because the visit was postponed    |

  @rule-2 @rule-8
  Rule: A corrected date must fall between the partnership's establishment and today

    Background:
      Given a delegation from the council visited Tarlenheim on 2005-05-16
      And £3,500.00 spent on 2005-05-16 was recorded against the partnership with Tarlenheim

    Scenario Outline: a correction to a date outside the partnership's life so far is refused, and nothing is stored
      When <correction>
      Then the register refuses it because <reason>
      And the history of the partnership with Tarlenheim still holds 3 records
      And the partnership with Tarlenheim has cost £3,500.00 in all

      Examples:
        | correction                                                                                           | reason                                             |
        | the £3,500.00 spent on 2005-05-16 is corrected to have been spent on 1998-12-31, because of a typo   | the date is before the partnership was established |
        | the £3,500.00 spent on 2005-05-16 is corrected to have been spent on 2026-11-29, because of a typo   | the date is in the future                          |
        | the Tarlenheim visit of 2005-05-16 is corrected to have taken place on 1998-12-31, because of a typo | the date is before the partnership was established |
        | the Tarlenheim visit of 2005-05-16 is corrected to have taken place on 2026-11-29, because of a typo | the date is in the future                          |

  @rule-8
  Rule: A correction must change something

    Background:
      Given a delegation from the council visited Tarlenheim on 2005-05-16
      And £3,500.00 spent on 2005-05-16 was recorded against the partnership with Tarlenheim

    Scenario Outline: a correction that leaves the record as it was is refused, and nothing is stored
      When <correction>
      Then the register refuses it because the correction changes nothing
      And the history of the partnership with Tarlenheim still holds 3 records
      And the partnership with Tarlenheim has cost £3,500.00 in all

      Examples:
        | correction                                                                                                    |
        | the £3,500.00 spent on 2005-05-16 is corrected to £3,500.00, because the amount was queried                   |
        | the £3,500.00 spent on 2005-05-16 is corrected to £3,500, because the amount was queried                      |
        | the £3,500.00 spent on 2005-05-16 is corrected to have been spent on 2005-05-16, because the date was queried |
        | the Tarlenheim visit of 2005-05-16 is corrected to have gone to the partner city, because it was queried      |
        | the Tarlenheim visit of 2005-05-16 is corrected to have taken place on 2005-05-16, because it was queried     |

  @rule-8
  Rule: Something voided can be neither corrected nor voided again

    Background:
      Given a delegation from the council visited Tarlenheim on 2005-05-16
      And £3,500.00 spent on 2005-05-16 was recorded against the partnership with Tarlenheim
      And the £3,500.00 spent on 2005-05-16 was voided, because it was recorded against the wrong partnership
      And the Tarlenheim visit of 2005-05-16 was voided, because it was recorded against the wrong partnership

    Scenario Outline: correcting or voiding a voided record is refused, and nothing is stored
      When <correction>
      Then the register refuses it because the record is already void
      And the history of the partnership with Tarlenheim still holds 5 records
      And the partnership with Tarlenheim has cost £0.00 in all
      And the partnership with Tarlenheim has 0 visits: 0 to the council and 0 to the partner city

      Examples:
        | correction                                                                                          |
        | the £3,500.00 spent on 2005-05-16 is corrected to £3,050.00, because the invoice was £3,050.00      |
        | the £3,500.00 spent on 2005-05-16 is voided, because it was recorded against the wrong partnership  |
        | the Tarlenheim visit of 2005-05-16 is corrected to have gone to the council, because it came to us  |
        | the Tarlenheim visit of 2005-05-16 is voided, because it was recorded against the wrong partnership |

  @rule-8
  Rule: Each correction adds exactly one record to the history, and leaves every earlier one as it was

    Background:
      Given a delegation from the council visited Tarlenheim on 2005-05-16
      And £3,500.00 spent on 2005-05-16 was recorded against the partnership with Tarlenheim
      And the auditor has noted every record in the history of the partnership with Tarlenheim

    Scenario Outline: a correction is one more record
      When <correction>
      Then the history of the partnership with Tarlenheim holds 4 records
      And the history of the partnership with Tarlenheim still begins with the records the auditor noted, each unchanged

      Examples:
        | correction                                                                                           |
        | the £3,500.00 spent on 2005-05-16 is corrected to £3,050.00, because the invoice was for £3,050.00   |
        | the £3,500.00 spent on 2005-05-16 is corrected to have been spent on 2005-05-17, because of a typo   |
        | the £3,500.00 spent on 2005-05-16 is voided, because it was recorded twice                           |
        | the Tarlenheim visit of 2005-05-16 is corrected to have gone to the council, because it came to us   |
        | the Tarlenheim visit of 2005-05-16 is corrected to have taken place on 2005-05-17, because of a typo |
        | the Tarlenheim visit of 2005-05-16 is voided, because it was recorded twice                          |

  @rule-8
  Rule: Reports drawn again from a history with corrections read exactly as they did

    Scenario: every report is rebuilt after corrections and voids
      Given a delegation from the council visited Tarlenheim on 2016-04-20
      And these sums were spent on the Tarlenheim visit of 2016-04-20:
        | spent on   | amount    | paid to             | for                       |
        | 2016-03-31 | £4,100.00 | Midlands Travel Ltd | flights booked in advance |
        | 2016-04-22 | £2,754.00 | Hotel Tarlenheim    | four nights in Tarlenheim |
      And a delegation from Tarlenheim visited the council on 2016-09-15
      And every report has been read
      And the £4,100.00 spent on 2016-03-31 was corrected to have been spent on 2016-04-01, because the booking was made on 1 April
      And the £2,754.00 spent on 2016-04-22 was corrected to £2,745.00, because two digits were transposed
      And the Tarlenheim visit of 2016-09-15 was corrected to have gone to the partner city, because it was the council's delegation
      And the Tarlenheim visit of 2016-04-20 was voided, because it was recorded twice
      And every report has been read
      When all the reports are thrown away and rebuilt from the history
      Then every report has read the whole history
      And every report reads exactly as it did before
