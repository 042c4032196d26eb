"""Known changes of region codes that the national package cannot tell (it lists only the codes of
2023-06-30): an old code, the code that replaced it and the document that approved the change.

`counterpart load-regions` sets, on an old code that exists in the database (the demo's, or one typed in
the admin), its successor and its `valid_to` when they are not set yet. The day a code ceased is rarely
published with the change, so `valid_to` is the date of the last yearly code list (as of 31 December) that
still carried the old code: the code was certainly valid then. From DOMAIN.md ("Region codes").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CodeChange:
    old: str
    new: str
    #: The date of the last yearly list with the old code (it was valid at least until then).
    last_listed: dt.date
    document: str


KNOWN_CHANGES: tuple[CodeChange, ...] = (
    # 撤销水城县，设立水城区（国函〔2020〕83号）.
    CodeChange("520221", "520204", dt.date(2019, 12, 31), "国函〔2020〕83号"),
    # 撤销盘县，设立县级盘州市（民函〔2017〕74号）.
    CodeChange("520222", "520281", dt.date(2016, 12, 31), "民函〔2017〕74号"),
    # 撤销林芝地区，设立地级林芝市（国函〔2015〕51号）.
    CodeChange("542600", "540400", dt.date(2014, 12, 31), "国函〔2015〕51号"),
)
