"""What a restored installation must give back, read the same way from the original and the copy: every
list's ledger workbook (its cell values: XlsxWriter stamps the creation time into the file, so the bytes
differ between two exports of the same data), and the bytes of every evidence file, exported workbook and
registry error report as their download views serve them.

`python -m tests.core.backup_probe OUT.json` runs it against the database and MEDIA_ROOT of the
environment (a restored copy); the test calls `probe()` in its own process for the original."""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any


def _cells(path: Path) -> list[list[list[str]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return [
        [[str(v) for v in row] for row in book.get_sheet_by_name(name).to_python()]
        for name in book.sheet_names
    ]


def _download(user: Any, url: str) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(url)
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    return hashlib.sha256(b"".join(response.streaming_content)).hexdigest()


def probe() -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from counterpart.households.models import ImportJob
    from counterpart.plans.exporters import export_ledger
    from counterpart.plans.models import EvidenceFile, PlansJob, ResponsibilityList

    assessor = get_user_model().objects.get(username="assessor")
    lists = {}
    with tempfile.TemporaryDirectory() as scratch:
        for rlist in ResponsibilityList.objects.order_by("pk"):
            target = Path(scratch) / f"{rlist.pk}.xlsx"
            export_ledger(str(target), user=assessor, responsibility_list=rlist, period=None)
            lists[str(rlist.pk)] = _cells(target)
    evidence = {
        str(e.pk): _download(assessor, reverse("plans:evidence", args=[e.pk]))
        for e in EvidenceFile.objects.order_by("pk")
    }
    exports = {
        str(j.pk): _download(j.created_by, reverse("plans:job_download", args=[j.pk]))
        for j in PlansJob.objects.filter(kind=PlansJob.Kind.EXPORT)
        .select_related("created_by")
        .order_by("pk")
    }
    reports = {
        str(j.pk): _download(j.created_by, reverse("households:import_errors", args=[j.pk]))
        for j in ImportJob.objects.exclude(error_report="").select_related("created_by").order_by("pk")
    }
    return {"lists": lists, "evidence": evidence, "exports": exports, "reports": reports}


if __name__ == "__main__":
    import django

    django.setup()
    Path(sys.argv[1]).write_text(json.dumps(probe(), ensure_ascii=False))
