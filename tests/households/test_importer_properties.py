"""Broken files never crash the importer: a clear error, nothing written."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterpart.households.importers import import_registry
from counterpart.households.models import Household, Member
from tests.households.conftest import Registry
from tests.households.files import HEADER, member_rows

CELLS = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789X", min_size=17, max_size=19),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.text(min_size=2000, max_size=3000),  # huge fields
    st.sampled_from(["户主", "配偶", "三千", "-1", "", "\x00", "海嘎村", "无此村"]),
)


@st.composite
def broken_files(draw: st.DrawFn) -> bytes:
    rows = member_rows(2, 2)
    header = list(HEADER)
    if draw(st.booleans()):
        header.append(draw(st.sampled_from(["证件号码", "户编号", "Name", "姓名"])))  # duplicate headers
    lines = [header] + [[row.get(col, "") for col in header] for row in rows]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(1, len(lines) - 1))
        action = draw(st.sampled_from(["truncate", "garble", "extend"]))
        if not lines[i]:
            action = "extend"
        if action == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i]) - 1))]
        elif action == "garble":
            j = draw(st.integers(0, len(lines[i]) - 1))
            lines[i][j] = draw(CELLS)
        else:
            lines[i] = lines[i] + [draw(CELLS)]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    data = buffer.getvalue().encode("utf-8")
    if draw(st.booleans()):  # mixed encodings: a GB18030 row inside a UTF-8 file
        data += "\n户主,钟山区,张三\n".encode("gb18030") * draw(st.integers(1, 3))
    if draw(st.booleans()):  # truncated file, possibly inside a multi-byte character
        data = data[: draw(st.integers(0, len(data)))]
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=broken_files())
def test_broken_files_give_a_clear_error_and_write_nothing(registry: Registry, content: bytes) -> None:
    households, members = Household.objects.count(), Member.objects.count()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "broken.csv"
        path.write_bytes(content)
        result = import_registry(path, actor=registry.liupanshui_office, year=2020, report_dir=tmp)
        if not result.ok:
            assert result.file_error or result.errors
            for error in result.errors:
                assert error.reason
                assert error.row >= 1
            assert (Household.objects.count(), Member.objects.count()) == (households, members)
        else:  # the mutation happened to leave a valid file
            assert result.written
