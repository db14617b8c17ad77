"""
The users of bench/load.py, for locust (run by bench/load.py, not by hand).

Reads the signed-in sessions bench/load.py prepared (LUOSHI_LOAD_SESSIONS)
and writes what it saw to LUOSHI_LOAD_OUT: every response time and status per
request type, and every update save the server acknowledged, for the check
of lost updates. LUOSHI_LOAD_MODE is ``baseline`` (the sign-in page only) or
``mix`` (80 % reads, 20 % update saves; LUOSHI_LOAD_SAVE_SHARE).

Each locust user is one staff member (their own session, their own
department's goals) who also has a reader session (the leader's or the
supervisor's, signed in separately for each locust user): the cockpit is
what leaders and the supervision office open, staff see it narrowed to their
department.
"""

import itertools
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.web import change_update, read_form

SETUP = json.loads(Path(os.environ["LUOSHI_LOAD_SESSIONS"]).read_text())
OUT = Path(os.environ["LUOSHI_LOAD_OUT"])
MODE = os.environ.get("LUOSHI_LOAD_MODE", "mix")
# Seconds between opening the update form and sending it (a person typing),
# at most; it widens the window in which two sessions of a department collide.
FORM_PAUSE = float(os.environ.get("LUOSHI_LOAD_FORM_PAUSE", "0.3"))
# The share of tasks that are update saves; the rest are reads (cockpit 50 %, goal pages
# 31 %, department pages 19 % of them).
SAVE_SHARE = float(os.environ.get("LUOSHI_LOAD_SAVE_SHARE", "0.2"))
# "cockpit": every read is the cockpit (bench/load.py --cockpit-only).
READS = os.environ.get("LUOSHI_LOAD_READS", "mix")
PERIOD = f"year={SETUP['year']}&quarter={SETUP['quarter']}"

times: dict[str, list[float]] = defaultdict(list)
statuses: dict[str, Counter] = defaultdict(Counter)
saves = {"acknowledged": [], "attempted": [], "refused": 0, "invalid": 0, "invalid_sample": ""}
clock = {"start": None, "stop": None}
numbers = itertools.count()


@events.request.add_listener
def on_request(name, response_time, response=None, exception=None, **_kw):
    times[name].append(response_time)
    code = getattr(response, "status_code", 0) if exception is None else 0
    statuses[name][str(code or "error")] += 1


@events.test_start.add_listener
def on_start(**_kw):
    clock["start"] = time.time()


@events.test_stop.add_listener
def on_stop(**_kw):
    clock["stop"] = time.time()
    OUT.write_text(
        json.dumps(
            {
                "mode": MODE,
                "duration": clock["stop"] - (clock["start"] or clock["stop"]),
                "times": times,
                "statuses": {k: dict(v) for k, v in statuses.items()},
                "saves": saves,
            }
        )
    )


def cookie_header(session: dict) -> dict:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in session["cookies"].items())}


class DistrictUser(FastHttpUser):
    wait_time = constant(float(os.environ.get("LUOSHI_LOAD_THINK", "0")))

    def on_start(self):
        self.number = next(numbers)
        persona = SETUP["users"][self.number % len(SETUP["users"])]
        self.staff = cookie_header(persona["staff"])
        self.reader = cookie_header(persona["reader"])
        self.department = persona["department"]
        self.goals = persona["goals"]  # the goals the department leads
        self.saved = 0

    def get(self, path, name, headers):
        return self.client.get(path, name=name, headers=headers, allow_redirects=False)

    @task
    def load(self):
        if MODE == "baseline":
            self.get("/accounts/login/", "baseline: GET /accounts/login/", {})
            return
        if random.random() < SAVE_SHARE:
            self.save()
            return
        roll = 0.0 if READS == "cockpit" else random.random()
        if roll < 0.5:
            self.get(f"/dashboard/?{PERIOD}", "GET /dashboard/ (cockpit)", self.reader)
        elif roll < 0.8125:
            if random.random() < 0.5:
                goal, headers = random.choice(self.goals), self.staff
            else:
                goal, headers = random.choice(SETUP["goals"]), self.reader
            self.get(f"/goals/{goal}/", "GET /goals/<pk>/", headers)
        else:
            if random.random() < 0.5:
                department, headers = self.department, self.staff
            else:
                department, headers = random.choice(SETUP["departments"]), self.reader
            self.get(f"/departments/{department}/?{PERIOD}", "GET /departments/<pk>/", headers)

    def save(self):
        goal = random.choice(self.goals)
        quarter = random.randint(1, 4)
        url = f"/goals/{goal}/report/?year={SETUP['year']}&quarter={quarter}"
        page = self.get(url, "GET /goals/<pk>/report/ (form)", self.staff)
        if page.status_code != 200:
            return
        fields = read_form(page.text, form_id="update-form")
        self.saved += 1
        marker = f"load-{self.number}-{self.saved}-{random.getrandbits(32):08x}"
        value = change_update(fields, random, marker)
        record = {
            "goal": goal,
            "year": int(fields["year"]),
            "quarter": int(fields["quarter"]),
            "version": int(fields["version"] or 0),
            "marker": marker,
            "status": fields["status"],
            "percent": int(fields["percent_complete"]),
            "value": value,
        }
        saves["attempted"].append(record)
        gevent.sleep(random.uniform(0, FORM_PAUSE))
        response = self.client.post(
            url,
            name="POST /goals/<pk>/report/ (save)",
            data=urlencode(fields),
            headers={
                **self.staff,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"{self.host}{url}",
            },
            allow_redirects=False,
        )
        if response.status_code == 302 and response.headers.get("Location", "").rstrip(
            "/"
        ).endswith(f"/goals/{goal}"):
            record["acknowledged_at"] = time.time()
            saves["acknowledged"].append(record)
        elif response.status_code == 200 and 'id="stale-update"' in (response.text or ""):
            saves["refused"] += 1
        else:
            saves["invalid"] += 1
            if not saves["invalid_sample"]:
                saves["invalid_sample"] = f"{response.status_code} {(response.text or '')[:2000]}"
