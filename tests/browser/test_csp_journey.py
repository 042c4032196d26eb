"""Journey under the Content-Security-Policy: the demo assessor logs in, walks the pages that draw charts,
use htmx or script, the admin and the API docs, switches the language from the header — and the browser
reports no violation of the policy on any of them."""

from __future__ import annotations

from typing import Any

import pytest

from counterpart.demo.loader import load_demo
from counterpart.demo.users import DEMO_PASSWORD, ensure_demo_users
from counterpart.pairings.models import Pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Collects every `securitypolicyviolation` event of the page (they fire on the document).
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var where = e.sourceFile + ":" + e.lineNumber;
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + where);
});
"""

REPORT = (
    "On 12 September 2018 the joint meeting of Dalian and Liupanshui on poverty alleviation cooperation was "
    "held in Liupanshui. At the meeting, the two cities signed a labour cooperation agreement."
)


def test_the_pages_work_under_the_content_security_policy(live_server: Any, page: Any) -> None:
    load_demo()
    ensure_demo_users()
    pairing = Pairing.objects.filter(parent__isnull=True).order_by("pk").first()
    assert pairing is not None

    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.add_init_script(LISTEN)

    page.goto(f"{live_server.url}/accounts/login/")
    response = page.request.get(f"{live_server.url}/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    violations: dict[str, list[str]] = {}
    for path, ready in [
        ("/", "#status-chart svg"),  # echarts draws the dashboard's chart
        (f"/pairings/{pairing.pk}/", "main"),
        ("/agreements/", "main"),
        ("/households/summary/", "#registry-chart svg"),
        ("/plans/dashboard/", "#chart-status svg"),
        ("/intake/", "main"),
        ("/admin/", "#content"),
        ("/admin/auth/user/", "#result_list"),
        ("/admin/axes/accessattempt/", "#content"),
        ("/api/docs", "#swagger-ui .information-container"),  # swagger-ui from our static files
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector(ready)
        found = page.evaluate("window.__csp")
        if found:
            violations[path] = found
    # The review of a report's draft (its script and styles are static files, they were inline).
    page.goto(f"{live_server.url}/intake/")
    page.fill("textarea[name=text]", REPORT)
    page.locator("form", has=page.locator("textarea[name=text]")).locator("button[type=submit]").click()
    page.locator("#intake-form").wait_for()
    # the stylesheet may still be loading when the form is there: wait (up to 5 s) for its rule to apply
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.intake-review')).display === 'grid'", timeout=5000
    )
    found = page.evaluate("window.__csp")
    if found:
        violations["intake review"] = found

    assert violations == {}
    assert not [text for text in console if "Content Security Policy" in text]

    # The language switch submits itself from web/app.js (it had an inline onchange handler).
    page.goto(f"{live_server.url}/agreements/")
    page.select_option("#language-select", "en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.evaluate("window.__csp") == []
