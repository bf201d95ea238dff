Feature: The committee's report
  A scrutiny committee reads the partnerships as a report, not as a terminal's lines: a page for
  the register and a page for each partnership, with its history over the years and what it
  cost in each financial year. An auditor reading it must be able to follow any total to the
  records it is made of, corrections included, and to read the report exactly as it read on a
  past day.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And these sums were spent on the partnership with Tarlenheim:
      | spent on   | amount    | paid to             | for                              |
      | 2005-05-16 | £3,500.00 | Midlands Travel Ltd | the council's visit to Ruritania |
      | 2016-04-20 | £6,854.00 | Midlands Travel Ltd | flights and hotels in Tarlenheim |

  Scenario: the committee reads what each partnership cost, year by year
    Given Staffordshire County Council is twinned with Strelsau in Ruritania since 2002-06-01
    When the committee's report is written
    Then the report's index lists the partnerships with Tarlenheim and Strelsau
    And the report's index says the partnership with Tarlenheim has cost £10,354.00 in all
    And the page of the partnership with Tarlenheim shows the spending by financial year:
      | year    | total     | sums |
      | 2005/06 | £3,500.00 | 1    |
      | 2016/17 | £6,854.00 | 1    |

  Scenario: an auditor follows a total to the records it is made of
    Given the £3,500.00 spent on 2005-05-16 was corrected to £3,050.00, because the invoice was for £3,050.00
    When the committee's report is written
    Then the page of the partnership with Tarlenheim says it has cost £9,904.00 in all
    And following that total leads to these records of its audit trail:
      | a record that reads                       |
      | £3,500.00 paid to Midlands Travel Ltd     |
      | corrected (amount £3,500.00 to £3,050.00) |
      | £6,854.00 paid to Midlands Travel Ltd     |

  Scenario: the report as it read on a past day
    Given the auditor noted the time as "the June review"
    And the £6,854.00 spent on 2016-04-20 was voided, because it was entered against the wrong partnership
    When the committee's report is written as the register described it at the June review
    Then every page of the report says it shows the register as it was described at a past moment
    And the page of the partnership with Tarlenheim says it has cost £10,354.00 in all
    And the page of the partnership with Tarlenheim does not mention "the wrong partnership"
