Feature: Spending by financial year
  The council's accounts run by financial year, from 1 April to 31 March, and councillors and
  residents compare what the partnerships cost year by year with the budgets that paid for them.
  The register totals every sum into the financial year in which it was spent, exactly to the
  penny, and says how many sums make each total; and it tells what each visit cost, whichever
  years its bills fell in.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And Staffordshire County Council is twinned with Strelsau in Ruritania since 2002-06-01

  Rule: A sum belongs to the financial year in which it was spent, from 1 April to 31 March

    Scenario Outline: a sum falls in the financial year that holds the day it was spent
      Given £100.00 spent on <spent on> was recorded against the partnership with Tarlenheim
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year   | total   | sums |
        | <year> | £100.00 | 1    |

      Examples:
        | spent on   | year    |
        | 2016-03-31 | 2015/16 |
        | 2016-04-01 | 2016/17 |
        | 2017-03-31 | 2016/17 |
        | 1999-04-01 | 1999/00 |
        | 2000-03-31 | 1999/00 |
        | 2000-04-01 | 2000/01 |

    Scenario: sums spent on 31 March and on 1 April are totalled in different years
      Given these sums were spent on the partnership with Tarlenheim:
        | spent on   | amount    | paid to                | for                                    |
        | 2016-03-31 | £1,200.00 | Tarlenheim Printers    | a brochure for the Tarlenheim exchange |
        | 2016-04-01 | £6,854.00 | Midlands Travel Ltd    | flights and hotels in Tarlenheim       |
        | 2017-03-31 | £0.50     | Tarlenheim Post Office | postage of an invitation to Tarlenheim |
        | 2017-04-01 | £12.00    | Tarlenheim Post Office | postage of the programme               |
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year    | total     | sums |
        | 2015/16 | £1,200.00 | 1    |
        | 2016/17 | £6,854.50 | 2    |
        | 2017/18 | £12.00    | 1    |

  Rule: Totals are exact to the penny

    Scenario: three sums of ten pence make thirty pence
      Given these sums were spent on the partnership with Tarlenheim:
        | spent on   | amount | paid to                | for                                    |
        | 2012-01-05 | £0.10  | Tarlenheim Post Office | postage of an invitation to Tarlenheim |
        | 2012-01-06 | £0.10  | Tarlenheim Post Office | postage of an invitation to Tarlenheim |
        | 2012-01-07 | £0.10  | Tarlenheim Post Office | postage of an invitation to Tarlenheim |
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year    | total | sums |
        | 2011/12 | £0.30 | 3    |

    Scenario Outline: small and large sums add up to the penny
      Given <first> spent on 2012-01-05 was recorded against the partnership with Tarlenheim
      And <second> spent on 2012-01-06 was recorded against the partnership with Strelsau
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year    | total   | sums |
        | 2011/12 | <total> | 2    |

      Examples:
        | first               | second | total               |
        | £0.10               | £0.20  | £0.30               |
        | £1,234,567.89       | £0.11  | £1,234,568.00       |
        | £999,999,999,999.98 | £0.01  | £999,999,999,999.99 |

  Rule: The totals are of the whole register, or of one partnership alone

    Background:
      Given these sums were spent on the partnership with Tarlenheim:
        | spent on   | amount    | paid to             | for                              |
        | 2005-05-16 | £3,500.00 | Midlands Travel Ltd | the council's visit to Ruritania |
        | 2016-04-20 | £6,854.00 | Midlands Travel Ltd | the council's visit to Ruritania |
      And these sums were spent on the partnership with Strelsau:
        | spent on   | amount  | paid to             | for                    |
        | 2005-06-02 | £850.00 | Ruritanian Railways | rail fares to Strelsau |

    Scenario: the whole register's spending adds every partnership's sums of the year together
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year    | total     | sums |
        | 2005/06 | £4,350.00 | 2    |
        | 2016/17 | £6,854.00 | 1    |

    Scenario: one partnership's spending leaves out the others' sums
      When the treasurer totals the spending on the partnership with Strelsau by financial year
      Then the spending by financial year is:
        | year    | total   | sums |
        | 2005/06 | £850.00 | 1    |

  Rule: A visit costs the sum of what was spent on it, whichever financial years the sums fell in

    Background:
      Given a delegation from the council visited Tarlenheim on 2016-04-20
      And a delegation from Tarlenheim visited the council on 2016-09-15
      And these sums were spent on the Tarlenheim visit of 2016-04-20:
        | spent on   | amount    | paid to             | for                       |
        | 2016-03-15 | £4,100.00 | Midlands Travel Ltd | flights booked in advance |
        | 2016-04-22 | £2,753.90 | Hotel Tarlenheim    | four nights in Tarlenheim |
        | 2016-04-22 | £0.10     | Hotel Tarlenheim    | a city tourist tax        |
      And £25.00 spent on 2016-04-21 was recorded against the partnership with Tarlenheim

    Scenario: each visit's cost is what was spent on it, and nothing else
      When the treasurer reads what each visit cost
      Then the visits cost:
        | partner city | on         | delegation went     | cost      |
        | Tarlenheim   | 2016-04-20 | to the partner city | £6,854.00 |
        | Tarlenheim   | 2016-09-15 | to the council      | £0.00     |

    Scenario: the same visit's sums are totalled in the years they were spent
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year    | total     | sums |
        | 2015/16 | £4,100.00 | 1    |
        | 2016/17 | £2,779.00 | 3    |
