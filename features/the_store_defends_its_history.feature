Feature: The store defends its history
  The register is evidence, and what it recorded must stay as it was recorded. The database
  itself refuses to change or remove a record, so that altering one takes a deliberate act
  against the database, which the auditor's check then finds. And the register adds nothing to
  a partnership whose stored history no longer matches what it recorded, so that an alteration
  is never buried under newer records.

  Background:
    Given today is 2026-11-28
    And Staffordshire County Council is twinned with Tarlenheim in Ruritania since 1999-01-01
    And a delegation from Tarlenheim visited the council on 2000-06-01

  @rule-8
  Rule: The database itself refuses to change what was recorded

    Scenario: someone tries to change a record directly in the database
      When someone with access to the database tries to change who recorded the visit
      Then the database refuses the change
      And the register's history is proven intact

  @rule-8
  Rule: Nothing is recorded on top of a history that was altered

    Scenario: a write refused on a broken chain
      Given someone with access to the database edited who recorded the visit of 2000-06-01
      When a delegation from the council is recorded as visiting Tarlenheim on 2017-05-01
      Then the register refuses it because its stored history does not match its chain
      And the explanation mentions "version 2"
      And the history of the partnership with Tarlenheim still holds 2 records
