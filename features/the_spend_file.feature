Feature: The spend file
  Every English council must publish each item of its spending over £500, and every payment by
  procurement card whatever its amount (the Local Government Transparency Code 2015). The
  register writes that file for the partnerships' spending, with the people it paid left
  unnamed, as the Code requires.

  Scenario: a payment to a person is redacted and a card payment under £500 is published
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And these sums were spent on the partnership with Tarlenheim:
      | spent on   | amount    | paid to                | for                              |
      | 2016-04-20 | £6,854.00 | Midlands Travel Ltd    | flights and hotels in Tarlenheim |
      | 2016-05-03 | £120.00   | Tarlenheim Post Office | postage of the programme         |
    And £45.00 was paid by procurement card on 2016-06-01 to Tarlenheim Florist for flowers for the delegation
    And £800.00 was paid on 2016-07-01 to Jane Smith, a person, for interpreting
    When the transparency officer publishes the spend file for 2016/17
    Then the spend file reads:
      | Date       | Supplier               | Amount  | Card transaction |
      | 20/04/2016 | Midlands Travel Ltd    | 6854.00 | No               |
      | 01/06/2016 | Tarlenheim Florist     | 45.00   | Yes              |
      | 01/07/2016 | REDACTED PERSONAL DATA | 800.00  | No               |
    And every row of the spend file names Staffordshire County Council as the body
