Feature: The Staffordshire–Ivanovo partnership, from start to end
  In 1999 Staffordshire County Council established an international civic partnership with the
  City Administration of Ivanovo, in Russia. For nearly twenty years dignitaries and young people
  visited each other, the council paid for its delegations' travel, and a room in the County
  Buildings, Stafford, was named in Ivanovo's honour. In March 2018, after the nerve-agent attack
  in Salisbury, the council's leader said there were no plans for any further exchanges.

  This is the whole case as the register holds it: the ten records the partnerships officer made
  from the Express & Star's report of March 2018, each on that evidence, and then what the
  committee, the treasurer and the auditor read from them. Where the report gives only a year or
  a month, the officer chose a date inside it and said so in the record's evidence. The
  register's own demonstration records exactly the same case.

  Background:
    Given today is 2026-11-28
    And the evidence is the report "Express & Star, March 2018, 'Staffordshire council cuts its ties with Russian city'"
    And the partnership is described as:
      """
      An international civic partnership between Staffordshire County Council and the City Administration of Ivanovo, about 190 miles north-east of Moscow. It grew from a personal contact made after Glasnost, to promote better understanding and help develop local government.
      """
    And the partnerships officer made these records from the report, in this order:
      | on         | what happened                                                                                                                                  | date approximate because                                  |
      | 1999-01-01 | Staffordshire County Council established a partnership with Ivanovo in Russia                                                                  | the report gives the year only                            |
      | 1999-10-01 | "Dignitaries and young people from Staffordshire" went to Ivanovo: "The first of the regular exchanges between the two regions"               | the report says the exchanges began in the late 1990s     |
      | 2000-06-01 | "Guests from Ivanovo" came to the council: "Welcomed to Staffordshire by the council leader, Terry Dix"                                        | the report gives the year only                            |
      | 2005-05-16 | "Council delegation to Russia" went to Ivanovo                                                                                                 | the report does not give the year of this visit           |
      | 2005-05-16 | £3,500.00 paid to "Travel and accommodation (supplier not named in the report)" for "The council's visit to Russia", travel for that visit      | the report gives the cost but not the year                |
      | 2006-06-01 | "The Ivanovo Room" named in "County Buildings, Stafford"                                                                                       | the report does not say when the room was named           |
      | 2016-04-20 | "Council delegation to Russia" went to Ivanovo                                                                                                 | the report does not give the year of this visit           |
      | 2016-04-20 | £6,854.00 paid to "Travel and accommodation (supplier not named in the report)" for "The council's visit to Russia", travel for that visit      | the report gives the cost but not the year                |
      | 2016-09-15 | "Civic delegation from Ivanovo" came to the council: "The last visit from Ivanovo to Staffordshire"                                            | the report gives the year only                            |
      | 2018-03-16 | ties severed, announced by "Philip Atkins, leader of the council": "After the nerve-agent attack on Sergei and Yulia Skripal in Salisbury, which the British Government blamed on the Kremlin, there are no plans for any further exchanges" | the report gives the month only |

  Rule: The committee reads where the partnership stands: severed, what it cost, and its visits

    Scenario: the committee's status report of the case
      When the committee reads the status report
      Then the status report reads:
        | partner city | council                      | status  | since      | severed on | announced by                         | visits to the council | visits to the partner city | last visited | cost       | rooms named                                   |
        | Ivanovo      | Staffordshire County Council | severed | 1999-01-01 | 2018-03-16 | Philip Atkins, leader of the council | 2                     | 3                          | 2016-09-15   | £10,354.00 | The Ivanovo Room (County Buildings, Stafford) |
      And the status report describes the partnership with Ivanovo as the description above
      And the status report agrees with each partnership's own history in the register

  Rule: The treasurer reads what the partnership cost, year by year and visit by visit

    Scenario: the case's spending by financial year
      When the treasurer totals the spending by financial year
      Then the spending by financial year is:
        | year    | total     | sums |
        | 2005/06 | £3,500.00 | 1    |
        | 2016/17 | £6,854.00 | 1    |

    Scenario: what each of the case's visits cost
      When the treasurer reads what each visit cost
      Then the visits cost:
        | partner city | on         | delegation went     | cost      |
        | Ivanovo      | 1999-10-01 | to the partner city | £0.00     |
        | Ivanovo      | 2000-06-01 | to the council      | £0.00     |
        | Ivanovo      | 2005-05-16 | to the partner city | £3,500.00 |
        | Ivanovo      | 2016-04-20 | to the partner city | £6,854.00 |
        | Ivanovo      | 2016-09-15 | to the council      | £0.00     |

  Rule: The auditor reads every record, in the order it was made, each on its evidence

    Scenario: the case's audit trail
      When the auditor reads the audit trail of the partnership with Ivanovo
      Then the audit trail reads, every record on the report's evidence:
        | on         | recorded by              | date approximate because                              | summary                                                                                                   |
        | 1999-01-01 | the partnerships officer | the report gives the year only                        | Staffordshire County Council established a partnership with Ivanovo, Russia                               |
        | 1999-10-01 | the partnerships officer | the report says the exchanges began in the late 1990s | Delegation to the partner: Dignitaries and young people from Staffordshire: The first of the regular exchanges between the two regions |
        | 2000-06-01 | the partnerships officer | the report gives the year only                        | Delegation to the council: Guests from Ivanovo: Welcomed to Staffordshire by the council leader, Terry Dix |
        | 2005-05-16 | the partnerships officer | the report does not give the year of this visit       | Delegation to the partner: Council delegation to Russia                                                   |
        | 2005-05-16 | the partnerships officer | the report gives the cost but not the year            | £3,500.00 paid to Travel and accommodation (supplier not named in the report) for The council's visit to Russia |
        | 2006-06-01 | the partnerships officer | the report does not say when the room was named       | The Ivanovo Room named in County Buildings, Stafford                                                      |
        | 2016-04-20 | the partnerships officer | the report does not give the year of this visit       | Delegation to the partner: Council delegation to Russia                                                   |
        | 2016-04-20 | the partnerships officer | the report gives the cost but not the year            | £6,854.00 paid to Travel and accommodation (supplier not named in the report) for The council's visit to Russia |
        | 2016-09-15 | the partnerships officer | the report gives the year only                        | Delegation to the council: Civic delegation from Ivanovo: The last visit from Ivanovo to Staffordshire    |
        | 2018-03-16 | the partnerships officer | the report gives the month only                       | Ties severed, announced by Philip Atkins, leader of the council: After the nerve-agent attack on Sergei and Yulia Skripal in Salisbury, which the British Government blamed on the Kremlin, there are no plans for any further exchanges |

  Rule: The register's own demonstration tells the same case

    Scenario: the demonstration records the case exactly as told here
      When the register's demonstration is recorded in a register of its own
      Then it holds the same ten records, dated and worded the same, on the same evidence
