"""The users of `bench/load.py`: each logs in once as a demo login and then browses as that role does.

Run by bench/load.py (which fills the database and passes the ids of the pages in LOAD_TARGETS); by hand:

    LOAD_TARGETS='{"pairing": 1, ...}' .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8000

Each request is named by its page, not its URL, so the figures group by what a person opened.
"""

from __future__ import annotations

import json
import os
import random
import re

import requests
from locust import HttpUser, between, task

TARGETS: dict = json.loads(os.environ.get("LOAD_TARGETS", "{}"))
PASSWORD = os.environ.get("DEMO_PASSWORD", "counterpart-demo")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _Signed(HttpUser):
    abstract = True
    username = ""
    # 1–3 s between pages (issue 14): 50 such users are far busier than 50 officials reading pages.
    wait_time = between(1, 3)

    def on_start(self) -> None:
        """Sign in outside the figures (a password check costs PBKDF2's 1,000,000 rounds on purpose)."""
        with requests.Session() as session:
            page = session.get(self.host + "/accounts/login/", timeout=120)
            match = CSRF.search(page.text)
            answer = session.post(
                self.host + "/accounts/login/",
                {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)},
                headers={"Referer": self.host + "/accounts/login/"},
                allow_redirects=False,
                timeout=120,
            )
            if answer.status_code != 302:
                raise RuntimeError(f"{self.username} could not sign in: HTTP {answer.status_code}")
            self.client.cookies.update(session.cookies)

    def page(self, url: str, name: str) -> None:
        self.client.get(url, name=name)


class HelpingOffice(_Signed):
    """Dalian's office: the dashboard, agreements, the big list and its dashboard, meetings, the API."""

    username = "dalian"
    weight = 3

    @task(3)
    def dashboard(self) -> None:
        self.page("/", "dashboard")

    @task(3)
    def agreements(self) -> None:
        self.page("/agreements/", "agreements list")

    @task(1)
    def agreements_later_page(self) -> None:
        self.page(f"/agreements/?page={random.randint(2, 50)}", "agreements list, a later page")

    @task(2)
    def agreement(self) -> None:
        self.page(f"/agreements/{random.choice(TARGETS['agreements'])}/", "agreement page")

    @task(3)
    def big_list(self) -> None:
        self.page(f"/plans/lists/{TARGETS['big_list']}/", "list page (100,000 items)")

    @task(2)
    def big_list_dashboard(self) -> None:
        self.page(f"/plans/lists/{TARGETS['big_list']}/dashboard/", "list dashboard (100,000 items)")

    @task(2)
    def demo_list(self) -> None:
        self.page(f"/plans/lists/{TARGETS['demo_list']}/", "list page (demo list)")

    @task(2)
    def item(self) -> None:
        self.page(f"/plans/items/{random.choice(TARGETS['items'])}/", "item page")

    @task(2)
    def meeting(self) -> None:
        self.page(f"/meetings/{TARGETS['meeting']}/", "meeting page")

    @task(1)
    def pairing(self) -> None:
        self.page(f"/pairings/{TARGETS['pairing']}/", "pairing page")

    @task(2)
    def api_agreements(self) -> None:
        self.page(f"/api/agreements?pairing={TARGETS['pairing']}", "API agreements of a pairing")


class HelpedOffice(_Signed):
    """Liupanshui's office: its dashboard and the registry of its 1,000,000 households."""

    username = "liupanshui"
    weight = 2

    @task(2)
    def dashboard(self) -> None:
        self.page("/", "dashboard")

    @task(3)
    def households(self) -> None:
        self.page("/households/", "households list")

    @task(1)
    def households_by_number(self) -> None:
        number = random.choice(TARGETS["household_numbers"])
        self.page(f"/households/?number={number}", "households search by number")

    @task(1)
    def households_by_name(self) -> None:
        self.page(f"/households/?name={random.choice(TARGETS['names'])}", "households search by name")

    @task(2)
    def household(self) -> None:
        self.page(f"/households/{random.choice(TARGETS['households'])}/", "household page")

    @task(1)
    def registry_summary(self) -> None:
        self.page("/api/households/summary", "API registry summary")


class Viewer(_Signed):
    """A viewer of Dalian → Liupanshui: dashboards and pages, no writes."""

    username = "viewer"
    weight = 1

    @task(2)
    def dashboard(self) -> None:
        self.page("/", "dashboard")

    @task(1)
    def big_list_dashboard(self) -> None:
        self.page(f"/plans/lists/{TARGETS['big_list']}/dashboard/", "list dashboard (100,000 items)")

    @task(1)
    def meetings(self) -> None:
        self.page("/meetings/", "meetings list")


class Assessor(_Signed):
    """The national assessor: every pairing."""

    username = "demo"
    weight = 1

    @task(2)
    def dashboard(self) -> None:
        self.page("/", "dashboard")

    @task(1)
    def pairings(self) -> None:
        self.page("/pairings/", "pairings list")

    @task(1)
    def agreements(self) -> None:
        self.page("/agreements/", "agreements list")

    @task(1)
    def registry_summary(self) -> None:
        self.page("/households/summary/", "registry summary")

    @task(1)
    def api_items(self) -> None:
        self.page(f"/api/plans/lists/{TARGETS['big_list']}/items?limit=50", "API items of a list")


class Reporter(_Signed):
    """A unit reporter: its items and what is due."""

    username = "reporter"
    weight = 1

    @task(3)
    def my_items(self) -> None:
        self.page("/plans/my-items/", "my items (reporter)")

    @task(1)
    def dashboard(self) -> None:
        self.page("/", "dashboard")
