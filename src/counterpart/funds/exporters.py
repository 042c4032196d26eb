"""The project library and its transactions as an .xlsx (`core.exports.write_xlsx`), in the columns the
import reads (序号, 项目名称, 建设地点, 建设内容, 投资(规模)(元), the sources, 责任单位, 备注), amounts in
yuan with the unit in the header: the workbook imports again as it is. A second sheet lists the
transactions."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from counterpart.core.exports import write_xlsx
from counterpart.funds.models import FundingSource, Project, ProjectFunding, Transaction

#: The library sheet's headers: the import's own (zh-Hans), so the file reads back.
PROJECT_HEADERS = (
    "序号", "项目名称", "建设地点", "建设内容", "投资(规模)(元)", "东西部协作资金(元)", "整合资金(元)",
    "社会帮扶资金(元)", "企业投资(元)", "群众自筹(元)", "责任单位", "年度", "阶段", "备注",
)  # fmt: skip
SOURCE_ORDER = (
    FundingSource.COOPERATION,
    FundingSource.POOLED,
    FundingSource.SOCIAL,
    FundingSource.ENTERPRISE,
    FundingSource.FARMERS,
)
TRANSACTION_HEADERS = ("项目序号", "项目名称", "类型", "日期", "金额(元)", "币种", "资金来源", "说明")


def _amount(value: Decimal | None) -> Any:
    return float(value) if value is not None else None  # a number cell (2 places: exact in a double)


def export_projects(target: str | Path | IO[bytes], projects: QuerySet[Project]) -> int:
    """Write `projects` (a scoped selector's queryset) and their transactions; the number of projects.
    Three queries: projects with their organization, their places and fundings prefetched, then the
    transactions."""
    rows = list(
        projects.select_related("implementing_org").prefetch_related(
            "project_places__region", Prefetch("fundings", queryset=ProjectFunding.objects.order_by("source"))
        )
    )
    numbers = {p.pk: i for i, p in enumerate(rows, start=1)}

    def project_rows() -> Iterator[list[Any]]:
        for i, p in enumerate(rows, start=1):
            funds = {f.source: f.amount for f in p.fundings.all()}
            yield [
                i, p.title, p.places_label(), p.content, _amount(p.budget),
                *(_amount(funds.get(source)) for source in SOURCE_ORDER),
                p.implementing_org.name if p.implementing_org else "", p.year, p.get_stage_display(), "",
            ]  # fmt: skip

    def transaction_rows() -> Iterator[list[Any]]:
        qs = (
            Transaction.objects.filter(project__in=projects.values("pk"))  # a subquery: no id list
            .select_related("project")
            .order_by("project_id", "date", "id")
        )
        for t in qs.iterator(chunk_size=2000):
            yield [
                numbers[t.project_id], t.project.title, t.get_kind_display(), t.date, _amount(t.amount),
                t.currency, t.get_funding_source_display() if t.funding_source else "", t.description,
            ]  # fmt: skip

    write_xlsx(
        target,
        [
            (_("Project library"), PROJECT_HEADERS, project_rows()),
            (_("Transactions"), TRANSACTION_HEADERS, transaction_rows()),
        ],
    )
    return len(rows)
