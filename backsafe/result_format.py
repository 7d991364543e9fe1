"""The result file a learner shares with an instructor (one JSON object).

A learner writes it with `python -m backsafe progress share` or the button in
the last lesson (`backsafe.sharing`); an instructor reads a folder of them with
`python -m backsafe class report` (`backsafe.instructor.class_report`). Both sides
use the names below, so the format is defined once.

Schema 1::

    {
      "format": "backsafe-legday-result",
      "schema": 1,
      "course_version": "0.1.0",
      "learner": "3f2a...",          # random id kept in the progress file, so the
                                      # same learner sharing twice is recognised
      "name": "Sam",                  # chosen by the learner; a nickname is fine
      "written": "2026-11-29T10:00:00+00:00",
      "lessons": {"anatomy": {"complete": true}, ...},
      "responses": [
        {"question": "anatomy/disc-structure", "kind": "quiz",
         "response": "b", "at": "2026-11-28T09:12:03+00:00"},
        ...
      ]
    }

`kind` is one of the store's kinds (quiz, review, final, pre, post). A result
file never holds safety-screen, self-check, trunk-test, training-log or saved
plan answers, and never a score: the report recomputes every score from the
responses against the current question banks.
"""
from __future__ import annotations

FORMAT = "backsafe-legday-result"
SCHEMA = 1
MAX_NAME_CHARS = 40
MAX_FILE_BYTES = 1_000_000     # a real result file is a few kilobytes
SUFFIX = ".bsld-result.json"
FIELDS = ("format", "schema", "course_version", "learner", "name", "written",
          "lessons", "responses")
RESPONSE_FIELDS = ("question", "kind", "response", "at")
