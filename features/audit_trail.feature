Feature: The audit trail of the register
  Internal audit, councillors and residents ask not only what the register holds but how it came
  to hold it: who recorded each fact, on what evidence, and in what order. The audit trail lists
  every record of the register, across all its partnerships, in the order the records were made,
  each with a one-line summary that a reader can follow without knowing how the register keeps
  it. Nothing is ever taken out of it, not even when a partnership ends.

  Background:
    Given today is 2026-11-28
    And unless a step says otherwise, the partnerships officer makes each record
    And unless a step says otherwise, each delegation is a civic delegation
    And these records were made, in this order:
      | record                                                                                                                                | recorded by | evidence                          |
      | Staffordshire County Council twinned with Tarlenheim in Ruritania since 1999-01-01                                                    | Jane Ward   | Cabinet minute 1998/214           |
      | a delegation from Tarlenheim visited the council on 2016-09-15                                                                        | Jane Ward   | Civic diary, September 2016       |
      | Staffordshire County Council twinned with Strelsau in Ruritania since 2002-06-01                                                      | Tom Hale    | Cabinet minute 2002/88            |
      | £3,500.00 paid to Midlands Travel Ltd on 2005-05-16 for flights to Ruritania, charged to the partnership with Tarlenheim              | Tom Hale    | Invoice 55120                     |
      | a delegation from the council visited Strelsau on 2010-04-12                                                                          | Jane Ward   |                                   |
      | "The Tarlenheim Room" in "County Buildings, Stafford" named in honour of Tarlenheim on 2006-06-01                                     | Jane Ward   | Unveiling programme               |
      | the ties with Tarlenheim severed on 2018-03-16, announced by the council leader, because there are no plans for any further exchanges | Jane Ward   | Council press release, March 2018 |

  Rule: Every record appears once, in the order it was made, with who made it and on what evidence

    Scenario: the trail of the whole register
      When the auditor reads the audit trail
      Then the audit trail reads:
        | partner city | on         | recorded by | evidence                          | summary                                                                                     |
        | Tarlenheim   | 1999-01-01 | Jane Ward   | Cabinet minute 1998/214           | Staffordshire County Council established a partnership with Tarlenheim, Ruritania           |
        | Tarlenheim   | 2016-09-15 | Jane Ward   | Civic diary, September 2016       | Delegation to the council: a civic delegation                                               |
        | Strelsau     | 2002-06-01 | Tom Hale    | Cabinet minute 2002/88            | Staffordshire County Council established a partnership with Strelsau, Ruritania             |
        | Tarlenheim   | 2005-05-16 | Tom Hale    | Invoice 55120                     | £3,500.00 paid to Midlands Travel Ltd for flights to Ruritania                              |
        | Strelsau     | 2010-04-12 | Jane Ward   |                                   | Delegation to the partner: a civic delegation                                               |
        | Tarlenheim   | 2006-06-01 | Jane Ward   | Unveiling programme               | The Tarlenheim Room named in County Buildings, Stafford                                     |
        | Tarlenheim   | 2018-03-16 | Jane Ward   | Council press release, March 2018 | Ties severed, announced by the council leader: there are no plans for any further exchanges |
      And each record in the audit trail shows when it was made, none earlier than the one before

  Rule: The trail of one partnership holds its own records only, in the order they were made

    Scenario: the trail of the partnership with Strelsau leaves out Tarlenheim's records around it
      When the auditor reads the audit trail of the partnership with Strelsau
      Then the audit trail reads:
        | partner city | on         | recorded by | summary                                                                         |
        | Strelsau     | 2002-06-01 | Tom Hale    | Staffordshire County Council established a partnership with Strelsau, Ruritania |
        | Strelsau     | 2010-04-12 | Jane Ward   | Delegation to the partner: a civic delegation                                   |

  @rule-8
  Rule: A record made late comes last, whatever date it tells of

    Scenario: a visit of 1999 recorded after the severance ends the trail
      Given a delegation from the council visited Tarlenheim on 1999-10-01
      When the auditor reads the audit trail of the partnership with Tarlenheim
      Then the audit trail reads:
        | on         | recorded by              | evidence                          | summary                                                                                     |
        | 1999-01-01 | Jane Ward                | Cabinet minute 1998/214           | Staffordshire County Council established a partnership with Tarlenheim, Ruritania           |
        | 2016-09-15 | Jane Ward                | Civic diary, September 2016       | Delegation to the council: a civic delegation                                               |
        | 2005-05-16 | Tom Hale                 | Invoice 55120                     | £3,500.00 paid to Midlands Travel Ltd for flights to Ruritania                              |
        | 2006-06-01 | Jane Ward                | Unveiling programme               | The Tarlenheim Room named in County Buildings, Stafford                                     |
        | 2018-03-16 | Jane Ward                | Council press release, March 2018 | Ties severed, announced by the council leader: there are no plans for any further exchanges |
        | 1999-10-01 | the partnerships officer |                                   | Delegation to the partner: a civic delegation                                               |
      And each record in the audit trail shows when it was made, none earlier than the one before

  Rule: Beside the name its recorder gives, each record shows the account that stored it, which no recorder can choose

    Scenario: the account is shown beside the recorder
      Given an officer signed in as "jward" made this record:
        | record                                                       | recorded by        | evidence |
        | a delegation from the council visited Strelsau on 2017-05-01 | the council leader |          |
      When the auditor reads the audit trail of the partnership with Strelsau
      Then the last record shows "the council leader" as its recorder, and "jward" as the account that stored it
