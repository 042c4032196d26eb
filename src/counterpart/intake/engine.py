"""The intake pipeline: input → cleaned text → language → draft → registry matches."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from django.utils.translation import gettext as _

from counterpart.intake.extract import extract
from counterpart.intake.gazetteer import Gazetteer
from counterpart.intake.text import IntakeError, clean_text, detect_language, read_input

#: Longest input read (characters of cleaned text); a meeting report is a few thousand.
MAX_CHARS = 200_000


class Registry(Protocol):
    """What matching needs from the registry (`selectors.DatabaseRegistry`; None for no database)."""

    gazetteer: Gazetteer

    def match_draft(self, draft: dict[str, Any]) -> None: ...


def make_draft(
    data: bytes | str,
    *,
    filename: str = "",
    published: dt.date | None = None,
    registry: Registry | None = None,
) -> dict[str, Any]:
    """The §6 draft of one report. Raises `IntakeError` with a message for the user when the input cannot
    be read. With no registry the draft has no matches (every `match` is null)."""
    raw = read_input(data, filename)
    clean = clean_text(raw)
    if not clean.text.strip():
        raise IntakeError(_("The report is empty once page furniture is removed."))
    if len(clean.text) > MAX_CHARS:
        raise IntakeError(
            _("The report is too long (%(n)d characters; at most %(max)d).")
            % {"n": len(clean.text), "max": MAX_CHARS}
        )
    lang = detect_language(clean.text)
    gazetteer = registry.gazetteer if registry is not None else Gazetteer()
    draft = extract(clean, lang=lang, published=published, gazetteer=gazetteer)
    if registry is not None:
        registry.match_draft(draft)
    return draft
