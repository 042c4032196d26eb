"""The Content-Security-Policy refuses inline styles (style-src 'self'), so a `style` attribute in a
template is silently ignored by the browser: none may be written (charts take their height from a class
or from data-height, which charts.js applies)."""

from __future__ import annotations

import re
from pathlib import Path

import counterpart

STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S)


def test_no_template_has_a_style_attribute() -> None:
    root = Path(counterpart.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("templates/**/*.html")
        if STYLE_ATTRIBUTE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
