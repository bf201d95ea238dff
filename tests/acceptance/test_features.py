"""The features in features/, bound to the register.

Their steps live beside this module, one module for each part of the register the features
tell of, and are named in tests/conftest.py: the shared ones and the words the steps use in
conftest.py and vocabulary.py; recording_steps.py, report_steps.py, time_travel_steps.py,
correction_steps.py, integrity_steps.py, rebuilding_steps.py, invisible_text_steps.py,
ledgers.py, evidence_steps.py, publishing_steps.py and the_case.py for the rest.
"""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios(".")
