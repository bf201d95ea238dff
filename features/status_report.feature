Feature: The status report of every partnership
  The committee that oversees the council's international partnerships reads one report of them
  all, to see which are alive and what they cost: whether each is active or its ties were
  severed, how many delegations travelled each way and when the last one came, what it has cost
  the council to the penny, and which rooms carry the partner's name. The report is drawn from
  the register's history, so it always agrees with what was recorded.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And Staffordshire County Council is twinned with Strelsau in Ruritania since 2002-06-01

  Rule: Every partnership appears once, in the order it was entered, whether active or severed

    Scenario: three partnerships, one of them severed
      Given Staffordshire County Council is twinned with Ivanovo in Russia since 1999-01-01
      And these delegations visited:
        | on         | from        | to          | delegation                                      |
        | 1999-10-01 | the council | Ivanovo     | Dignitaries and young people from Staffordshire |
        | 2000-06-01 | Ivanovo     | the council | Guests from Ivanovo                             |
        | 2005-05-16 | the council | Ivanovo     | Council delegation to Russia                    |
        | 2010-04-12 | the council | Strelsau    | the chairman and two officers                   |
        | 2016-04-20 | the council | Ivanovo     | Council delegation to Russia                    |
        | 2016-09-15 | Ivanovo     | the council | Civic delegation from Ivanovo                   |
      And these sums were spent on the partnership with Ivanovo:
        | spent on   | amount    | paid to                                                     | for                           |
        | 2005-05-16 | £3,500.00 | Travel and accommodation (supplier not named in the report) | The council's visit to Russia |
        | 2016-04-20 | £6,854.00 | Travel and accommodation (supplier not named in the report) | The council's visit to Russia |
      And these sums were spent on the partnership with Strelsau:
        | spent on   | amount  | paid to             | for                    |
        | 2010-04-12 | £850.00 | Ruritanian Railways | rail fares to Strelsau |
      And "The Ivanovo Room" in "County Buildings, Stafford" was named in honour of Ivanovo on 2006-06-01
      And the ties with Ivanovo were severed on 2018-03-16, announced by Philip Atkins, leader of the council, who said:
        """
        After the nerve-agent attack on Sergei and Yulia Skripal in Salisbury, which the British Government blamed on the Kremlin, there are no plans for any further exchanges
        """
      When the committee reads the status report
      Then the status report reads:
        | partner city | status  | since      | severed on | announced by                         | visits to the council | visits to the partner city | last visited | cost       | rooms named                                   |
        | Tarlenheim   | active  | 1999-01-01 |            |                                      | 0                     | 0                          |              | £0.00      |                                               |
        | Strelsau     | active  | 2002-06-01 |            |                                      | 0                     | 1                          | 2010-04-12   | £850.00    |                                               |
        | Ivanovo      | severed | 1999-01-01 | 2018-03-16 | Philip Atkins, leader of the council | 2                     | 3                          | 2016-09-15   | £10,354.00 | The Ivanovo Room (County Buildings, Stafford) |
      And the status report agrees with each partnership's own history in the register

    Scenario: partnerships with nothing recorded since they were established
      When the committee reads the status report
      Then the status report reads:
        | partner city | council                      | status | since      | severed on | visits to the council | visits to the partner city | last visited | cost  | rooms named |
        | Tarlenheim   | Staffordshire County Council | active | 1999-01-01 |            | 0                     | 0                          |              | £0.00 |             |
        | Strelsau     | Staffordshire County Council | active | 2002-06-01 |            | 0                     | 0                          |              | £0.00 |             |
      And the status report agrees with each partnership's own history in the register

  Rule: Visits are counted by the way the delegation travelled

    Scenario Outline: a delegation is counted once, on the side it travelled to
      Given a delegation from <from> visited <to> on 2010-04-12
      When the committee reads the status report
      Then the status report reads:
        | partner city | visits to the council | visits to the partner city | last visited |
        | Tarlenheim   | <to the council>      | <to the partner city>      | 2010-04-12   |
        | Strelsau     | 0                     | 0                          |              |

      Examples:
        | from        | to          | to the council | to the partner city |
        | Tarlenheim  | the council | 1              | 0                   |
        | the council | Tarlenheim  | 0              | 1                   |

  Rule: The last visit is the latest by date, whatever order the visits were recorded in

    Scenario: a visit recorded late does not become the last visit
      Given a delegation from Tarlenheim visited the council on 2016-09-15
      And a delegation from the council visited Tarlenheim on 2000-06-01
      When the committee reads the status report
      Then the status report reads:
        | partner city | visits to the council | visits to the partner city | last visited |
        | Tarlenheim   | 1                     | 1                          | 2016-09-15   |
        | Strelsau     | 0                     | 0                          |              |

  @rule-1
  Rule: The cost counts every sum to the penny, even one recorded after the ties were severed

    Scenario: a late invoice for a visit before the severance adds to a severed partnership's cost
      Given a delegation from the council visited Strelsau on 2017-10-02
      And £0.10 spent on 2017-10-01 was recorded against the partnership with Strelsau
      And the ties with Strelsau were severed on 2018-03-20
      And £1,240.00 spent on 2017-11-30 was recorded against the partnership with Strelsau
      When the committee reads the status report
      Then the status report reads:
        | partner city | status  | severed on | last visited | cost      |
        | Tarlenheim   | active  |            |              | £0.00     |
        | Strelsau     | severed | 2018-03-20 | 2017-10-02   | £1,240.10 |
      And the status report agrees with each partnership's own history in the register
