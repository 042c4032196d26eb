from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from counterpart.geo.national import LoadResult, load_national_tree
from tests.geo.package import write_package


@pytest.fixture
def package_dir(tmp_path: Path) -> Path:
    return write_package(tmp_path / "china-division")


@pytest.fixture
def tree(db: Any, package_dir: Path) -> LoadResult:
    """The small national tree, loaded."""
    return load_national_tree(package_dir)
