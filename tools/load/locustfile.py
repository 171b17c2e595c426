"""The load test's users (make load, tools/load/run.py): sign in, then a realistic mix of pages and API calls.

Each simulated user connects from its own loopback address (127.0.0.2, 127.0.0.3, …), as people in
different places would, so the sign-in throttling counts them apart. Users and their API tokens come
from ``manage.py load_users`` (var/load-users.json).
"""

import itertools
import json
import os
import re

from locust import HttpUser, between, events, task
from requests.adapters import HTTPAdapter

with open(os.environ.get("UTBLICK_LOAD_USERS", "var/load-users.json")) as _file:
    USERS = json.load(_file)
_numbers = itertools.count()
YEAR = int(os.environ.get("UTBLICK_LOAD_YEAR", "2025"))
SEARCHES = ["projekt", "vänort", "klimat", "utbildning", "resa"]


class SourceAddress(HTTPAdapter):
    """Connections from one loopback address of the user's own."""

    def __init__(self, address: str, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Person(HttpUser):
    wait_time = between(1, 4)  # reading a page before the next click

    def on_start(self):
        number = next(_numbers)
        person = USERS["users"][number % len(USERS["users"])]
        self.client.mount("http://", SourceAddress(f"127.0.{1 + (number + 1) // 250}.{2 + (number + 1) % 250}"))
        self.org, self.token = person["organisation"], person["token"]
        page = self.client.get("/accounts/login/", name="sign-in page")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        with self.client.post(
            "/accounts/login/",
            {
                "login": person["email"],
                "password": USERS["password"],
                "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign-in",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure("still on the sign-in page")
        self.engagement_ids: list[str] = []

    @task(3)
    def dashboard(self):
        self.client.get(f"/o/{self.org}/followup/", name="dashboard")

    @task(4)
    def filtered_list(self):
        response = self.client.get(
            f"/o/{self.org}/engagements/?kind=project&status=ongoing&year={YEAR}", name="engagement list, filtered"
        )
        self.engagement_ids = re.findall(rf"/o/{self.org}/engagements/(\d+)/", response.text)[:20]

    @task(2)
    def search(self):
        word = SEARCHES[next(_numbers) % len(SEARCHES)]
        self.client.get(f"/o/{self.org}/engagements/?q={word}", name="engagement list, search")

    @task(4)
    def engagement(self):
        if self.engagement_ids:
            pk = self.engagement_ids[next(_numbers) % len(self.engagement_ids)]
            self.client.get(f"/o/{self.org}/engagements/{pk}/", name="engagement page")

    @task(1)
    def deviations(self):
        self.client.get(f"/o/{self.org}/followup/deviations/", name="follow-up: deviations")

    @task(1)
    def strategy(self):
        self.client.get(f"/o/{self.org}/strategy/", name="strategy")

    @task(1)
    def comparison(self):
        self.client.get(f"/o/{self.org}/followup/compare/", name="comparison")

    @task(2)
    def api_list(self):
        self.client.get(
            f"/api/v1/organisations/{self.org}/engagements/?year={YEAR}",
            headers={"Authorization": f"Bearer {self.token}"},
            name="API: engagement list",
        )

    @task(1)
    def report(self):
        # The yearly report as PDF: written at once when small, in the background (then a progress page) when large.
        self.client.get(f"/o/{self.org}/reports/download.pdf?kind=year&year={YEAR}", name="report request")


@events.init_command_line_parser.add_listener
def _options(parser):
    parser.add_argument("--utblick-output", default="var/load.json")


# -- Figures per page, written when the run ends -------------------------------------------------------
_timings: dict[str, list[float]] = {}
_errors: dict[str, list[str]] = {}
SIGN_IN = {"sign-in", "sign-in page"}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    _timings.setdefault(name, []).append(response_time)
    if exception is not None:
        _errors.setdefault(name, []).append(str(exception)[:200])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))], 1)


def _figures(values: list[float], errors: int) -> dict:
    return {
        "requests": len(values),
        "errors": errors,
        "p50_ms": _percentile(values, 0.50),
        "p95_ms": _percentile(values, 0.95),
        "p99_ms": _percentile(values, 0.99),
    }


@events.quitting.add_listener
def _write(environment, **kwargs):
    pages = {name: values for name, values in _timings.items() if name not in SIGN_IN}
    every_page = [value for values in pages.values() for value in values]
    result = {
        "users": environment.parsed_options.num_users if environment.parsed_options else None,
        "run_time": environment.parsed_options.run_time if environment.parsed_options else None,
        "load_average_at_end": os.getloadavg(),
        "pages": {name: _figures(values, len(_errors.get(name, []))) for name, values in sorted(pages.items())},
        "all_pages": _figures(every_page, sum(len(_errors.get(name, [])) for name in pages)) if every_page else {},
        "sign_in": {
            name: _figures(values, len(_errors.get(name, []))) for name, values in _timings.items() if name in SIGN_IN
        },
        "errors": {name: sorted(set(messages))[:5] for name, messages in _errors.items()},
    }
    output = environment.parsed_options.utblick_output if environment.parsed_options else "var/load.json"
    with open(output, "w") as file:
        json.dump(result, file, indent=2)
