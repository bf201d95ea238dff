Feature: Refusing invisible text
  Reports, audit trails and minutes are read by people, so every name, reason and source the
  register records must be text they can see, and read the way it is stored. Characters that show
  nothing (a zero-width space, a word joiner, a byte order mark, a Hangul filler) or that change
  how a line reads (a right-to-left override, a line separator) are refused when a record is
  made, and nothing is recorded. The joiners that a script or an emoji needs inside a word are
  kept as written.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01

  Rule: Text that shows nothing is refused

    Scenario Outline: an expense paid to a payee nobody can see is refused
      When £250.00 spent on 2016-04-20 is put to the register as paid to <payee>
      Then the register refuses the payee because it shows nothing
      And the history of the partnership with Tarlenheim still holds 1 record

      Examples:
        | payee                               |
        | a zero-width space                  |
        | a word joiner and a byte order mark |
        | a Hangul filler                     |
        | three spaces                        |

    Scenario: a visit recorded by someone whose name nobody can see is refused
      When a delegation's visit on 2016-04-20 is put to the register as recorded by a zero-width space
      Then the register refuses the recorder because it shows nothing
      And the history of the partnership with Tarlenheim still holds 1 record

  Rule: Text that reads otherwise than it is stored is refused

    Scenario Outline: a payee hiding how it reads is refused
      When £250.00 spent on 2016-04-20 is put to the register as paid to <payee>
      Then the register refuses the payee because it holds a hidden character
      And the history of the partnership with Tarlenheim still holds 1 record

      Examples:
        | payee                                                    |
        | "Tarlenheim Travel" reversed by a right-to-left override |
        | "Tarlenheim Travel" split by a line separator            |
        | "Tarlenheim Travel" with a zero-width space inside       |

  Rule: The joiners that scripts and emoji need inside words are kept

    Scenario Outline: a payee written with a joiner inside a word is recorded as written
      When £250.00 spent on 2016-04-20 is put to the register as paid to <payee>
      Then the payee is recorded exactly as written
      And the history of the partnership with Tarlenheim holds 2 records

      Examples:
        | payee                                          |
        | a Persian name with a non-joiner inside a word |
        | a family emoji joined by zero-width joiners    |
