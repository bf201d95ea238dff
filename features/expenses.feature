Feature: Recording what a partnership costs
  Partnerships are paid for with public money, and residents ask what they cost: Staffordshire's
  visits to Russia cost between £3,500 and £6,854 each time. The register records every sum
  exactly, in pounds and pence, so that its totals agree with the council's accounts, and it can
  tie a sum to the visit it paid for.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And Exeford Borough Council is twinned with Zenda in Ruritania since 2001-05-01

  @rule-3
  Rule: Spending is totalled exactly, in pounds and pence

    Scenario: the total is exact to the penny
      Given these sums were spent on the partnership with Tarlenheim:
        | spent on   | amount    | paid to                | for                                      |
        | 2005-05-16 | £3,500.00 | Midlands Travel Ltd    | flights for the delegation to Tarlenheim |
        | 2016-04-20 | £6,854.00 | Midlands Travel Ltd    | flights and hotels in Tarlenheim         |
        | 2012-01-05 | £0.10     | Tarlenheim Post Office | postage of an invitation to Tarlenheim   |
      When £0.20 spent on 2012-01-06 is recorded against the partnership with Tarlenheim
      Then the partnership with Tarlenheim has cost £10,354.30 in all

    Scenario Outline: an amount is kept to the penny, however many noughts it is written with
      When <written> spent on 2012-01-06 is recorded against the partnership with Tarlenheim
      Then the partnership with Tarlenheim has cost <kept> in all

      Examples:
        | written | kept   |
        | £40     | £40.00 |
        | £12.5   | £12.50 |
        | £7.250  | £7.25  |

  @rule-3
  Rule: An amount must be more than zero, in whole pence

    Scenario Outline: an amount that is not a sum of pounds and pence above zero is refused
      Given £3,500.00 spent on 2005-05-16 was recorded against the partnership with Tarlenheim
      When <amount> spent on 2005-05-17 is recorded against the partnership with Tarlenheim
      Then the register refuses it because the amount is not a sum of pounds and pence above zero
      And the explanation mentions "<fact>"
      And the partnership with Tarlenheim has cost £3,500.00 in all
      And the history of the partnership with Tarlenheim still holds 2 records

      Examples:
        | amount  | fact               |
        | £0.00   | more than zero     |
        | -£12.50 | more than zero     |
        | £12.505 | two decimal places |
        | £0.001  | two decimal places |

  @rule-4
  Rule: A sum may be tied to one of the partnership's own visits, and to no other

    Background:
      Given Staffordshire County Council is twinned with Strelsau in Ruritania since 2002-06-01
      And a delegation from the council visited Tarlenheim on 2005-05-16
      And a delegation from the council visited Strelsau on 2010-04-12

    Scenario: a sum spent on one of the partnership's visits is tied to that visit
      When £3,500.00 spent on 2005-05-16 for the Tarlenheim visit of 2005-05-16 is recorded against the partnership with Tarlenheim
      Then the partnership with Tarlenheim has cost £3,500.00 in all
      And the Tarlenheim visit of 2005-05-16 has cost £3,500.00

    Scenario: a sum cannot be tied to another partnership's visit
      When £850.00 spent on 2010-04-15 for the Strelsau visit of 2010-04-12 is recorded against the partnership with Tarlenheim
      Then the register refuses it because the visit is not one of this partnership's
      And the explanation mentions "staffordshire-county-council--tarlenheim"
      And the partnership with Tarlenheim has cost £0.00 in all
      And the partnership with Strelsau has cost £0.00 in all
      And the history of the partnership with Tarlenheim still holds 2 records

  @rule-1
  Rule: A late invoice for a visit made before the severance is still accepted after it

    Scenario Outline: a late invoice dated on or before the severance is recorded after it
      Given a delegation from the council visited Zenda on 2019-04-02
      And the ties with Zenda were severed on 2019-06-30
      When £1,240.00 spent on <paid on> for the Zenda visit of 2019-04-02 is recorded against the partnership with Zenda
      Then the partnership with Zenda has cost £1,240.00 in all
      And the Zenda visit of 2019-04-02 has cost £1,240.00

      Examples:
        | paid on    |
        | 2019-05-30 |
        | 2019-06-30 |

  @rule-1
  Rule: Once ties are severed, nothing spent after the severance is accepted

    Scenario: a sum spent the day after the severance is refused
      Given the ties with Zenda were severed on 2019-06-30, announced by the Mayor of Exeford, because the twinning association was wound up
      When £120.00 spent on 2019-07-01 is recorded against the partnership with Zenda
      Then the register refuses it because the date is after the ties were severed
      And the explanation mentions "2019-06-30"
      And the partnership with Zenda has cost £0.00 in all
      And the history of the partnership with Zenda still holds 2 records

  @rule-2
  Rule: A sum cannot be dated before the partnership was established, nor after today

    Scenario Outline: a sum dated outside the partnership's life so far is refused
      When £120.00 spent on <date> is recorded against the partnership with Zenda
      Then the register refuses it because <reason>
      And the explanation mentions "<fact>"
      And the partnership with Zenda has cost £0.00 in all
      And the history of the partnership with Zenda still holds 1 record

      Examples:
        | date       | reason                                             | fact                |
        | 2001-04-30 | the date is before the partnership was established | 2001-05-01          |
        | 2026-11-29 | the date is in the future                          | today is 2026-11-28 |

  @rule-3
  Rule: Irrecoverable VAT is none or more, and never more than the sum it is part of

    Scenario Outline: irrecoverable VAT of none, some or all of the sum is kept with it
      When £120.00 spent on 2016-04-20, <VAT> of it irrecoverable VAT, is recorded against the partnership with Zenda
      Then the spending ledger of the partnership with Zenda reads:
        | spent on   | amount  | irrecoverable VAT |
        | 2016-04-20 | £120.00 | <VAT>             |

      Examples:
        | VAT     |
        | £0.00   |
        | £20.00  |
        | £120.00 |

    Scenario: irrecoverable VAT of more than the sum is refused
      When £120.00 spent on 2016-04-20, £120.01 of it irrecoverable VAT, is recorded against the partnership with Zenda
      Then the register refuses it because the irrecoverable VAT is more than the sum
      And the explanation mentions "cannot exceed the amount"
      And the partnership with Zenda has cost £0.00 in all
      And the history of the partnership with Zenda still holds 1 record

  Rule: The spending ledger shows each sum with the department, the category and the card that paid it

    Scenario: sums with their department and category, one of them paid by procurement card
      When these sums are recorded against the partnership with Zenda:
        | spent on   | amount  | paid to          | for                            | department          | category    | paid by procurement card |
        | 2016-04-20 | £120.00 | Exeford Florists | flowers for the visiting mayor | Civic Office        | Hospitality | yes                      |
        | 2016-04-21 | £48.50  | Zenda Railways   | rail fares in Zenda            | Democratic Services | Travel      | no                       |
      Then the spending ledger of the partnership with Zenda reads:
        | spent on   | amount  | paid to          | for                            | department          | category    | financial year |
        | 2016-04-20 | £120.00 | Exeford Florists | flowers for the visiting mayor | Civic Office        | Hospitality | 2016/17        |
        | 2016-04-21 | £48.50  | Zenda Railways   | rail fares in Zenda            | Democratic Services | Travel      | 2016/17        |
      And the record of the £120.00 spent on 2016-04-20 says it was paid by procurement card
      And the record of the £48.50 spent on 2016-04-21 says it was not paid by procurement card
