"""The corpus of published reports of other pairings (issue 18 item 5): split once into a development and a
test half, each report with its address and a gold annotation written before the extractor ran on it."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


def test_the_halves_are_fixed_disjoint_and_every_report_has_its_gold_and_address() -> None:
    split = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))
    dev, test = set(split["dev"]), set(split["test"])
    assert dev
    assert test
    assert not dev & test
    stems = {p.stem for p in CORPUS.glob("*.json")} - {"split"}
    assert stems == dev | test
    for stem in stems:
        gold = json.loads((CORPUS / f"{stem}.json").read_text(encoding="utf-8"))
        assert gold["url"].startswith(("http://", "https://"))
        assert gold["language"] in {"zh-Hans", "zh-Hant", "ja", "en"}
        # a text is kept in the repository only where its licence allows it
        assert (CORPUS / f"{stem}.txt").is_file() == gold["text_stored"]
        assert {"meeting", "attendees", "agreements", "figures"} <= gold.keys()
