"""The funds demo: the Zheng'an projects of seed 002 with their spans and no invented amounts, and a
generated set, marked so, some of whose projects trigger alerts."""

from __future__ import annotations

from typing import Any

import pytest

from counterpart.demo.facts import parse_source
from counterpart.demo.loader import load_demo
from counterpart.funds import selectors
from counterpart.funds.models import Project, Transaction
from counterpart.pairings.scope import SYSTEM_SCOPE

pytestmark = pytest.mark.django_db


class _Assessor:
    is_authenticated = True
    _counterpart_scope = SYSTEM_SCOPE


def test_the_seed_projects_cite_their_spans_and_state_no_amounts(seeds_dir: Any) -> None:
    load_demo()
    real = Project.objects.filter(generated=False).order_by("id")
    assert [p.title for p in real] == [
        "谢坝村冷水鱼养殖项目",
        "谢坝村温室大棚项目",
        "正安县上海艺术实验幼儿园（易地扶贫搬迁配套项目）",
        "正安吉他产业园",
    ]
    text = (seeds_dir / "002_5719ddbdb174f5b9.txt").read_text(encoding="utf-8")
    for project, word in zip(real, ("冷水鱼养殖", "温室大棚", "艺术实验幼儿园", "吉他产业园"), strict=True):
        parsed = parse_source(project.source)
        assert parsed is not None
        _file, start, end = parsed
        assert word in text[start:end]
        assert project.budget is None
        assert project.people is None
        assert list(project.project_places.values_list("region__code", flat=True)) == ["520324"]
    assert not Transaction.objects.filter(project__generated=False).exists()


def test_the_generated_set_is_marked_and_triggers_alerts() -> None:
    load_demo()
    generated = Project.objects.filter(generated=True)
    assert generated.count() == 24
    assert all("生成的演示数据" in p.title for p in generated)
    assert not Transaction.objects.filter(generated=False).exists()
    kinds = {a.kind for a in selectors.alert_list(user=_Assessor())}
    assert {"idle", "spending", "overdue"} <= kinds
    assert load_demo() == 0
