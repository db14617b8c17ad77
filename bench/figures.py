"""
The cockpit's figures computed afresh, in-process: what ``compute_figures``
costs (``dashboard()`` and the chart payloads) when a save has changed the
data and the figures are older than ``DASHBOARD_MAX_LAG``. Run for the leader
(every goal) and a department's staff (its goals, its reporting), with the
process's CPU time, the wall time, the query count and, with ``--profile``,
cProfile's top functions. The bench district (bench/district.py) in a scratch
PostgreSQL database, dropped after; production-like settings. Meant to be run
in two checkouts one after the other (A/B), comparing against the sign-in
page's CPU of the same run. Not a test; nothing is asserted.

    .venv/bin/python bench/figures.py [--pg-url …] [--repeat 21] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import machine
from bench.servers import bench_district


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/luoshi_figures")
    parser.add_argument("--goals", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="the profile's order (pstats)")
    parser.add_argument(
        "--against",
        metavar="CHECKOUT",
        help="another checkout (/work/main) whose dashboard() is timed in turn with this one",
    )
    args = parser.parse_args()

    with bench_district(args) as (district, _generated):
        print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
        measure(district, args)
    return 0


def measure(district: dict, args) -> None:
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from targets.views.dashboard import DashboardView

    def view_for(username: str) -> DashboardView:
        request = RequestFactory().get("/dashboard/?year=2023&quarter=4")
        request.user = User.objects.get(username=username)
        request.session = {}
        view = DashboardView()
        view.setup(request)
        view.plan, view.period = _plan_and_period(view)
        return view

    sign_in = Client(HTTP_HOST="127.0.0.1")
    baseline = []
    for _ in range(args.repeat):
        begun = time.process_time()
        sign_in.get("/accounts/login/")
        baseline.append((time.process_time() - begun) * 1000)
    print(f"\n{'figures computed for':<40} {'CPU ms':>7} {'wall ms':>8} {'queries':>8}")
    print(f"{'(sign-in page, baseline)':<40} {statistics.median(baseline):>7.2f}")
    for name, username in (("the leader", district["leader"]), ("a department's staff", "staff1")):
        view = view_for(username)
        view.compute_figures()  # warm
        cpu, wall = [], []
        profile = cProfile.Profile() if args.profile else None
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            if profile:
                profile.enable()
            view.compute_figures()
            if profile:
                profile.disable()
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            view.compute_figures()
        print(
            f"{name:<40} {statistics.median(cpu):>7.2f} {statistics.median(wall):>8.2f} "
            f"{len(queries):>8}"
        )
        if profile:
            pstats.Stats(profile).sort_stats(args.sort).print_stats(30)
        if args.against:
            compare(view, args)


def compare(view, args) -> None:
    """
    ``dashboard()`` of this checkout and of ``--against``'s, in turn on the same
    data in this process (a noisy machine slows both alike), and whether their
    figures are the same. The other checkout's ``dashboard.py`` and ``states.py``
    are loaded beside this one's; the rest of the app is this checkout's.
    """
    import importlib.util

    from targets.selectors import dashboard as ours

    def load(name: str, path: str):
        spec = importlib.util.spec_from_file_location(f"targets.selectors.{name}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module

    root = Path(args.against) / "targets" / "selectors"
    their_states = load("_their_states", str(root / "states.py"))
    theirs = load("_their_dashboard", str(root / "dashboard.py"))
    for name in ("Tally", "quarter_states", "state_rows", "quarter_key", "quarter_of"):
        if hasattr(their_states, name):
            setattr(theirs, name, getattr(their_states, name))
    figures = view.compute_figures.__func__  # the arguments it gives dashboard()
    calls = {}

    def capture(plan, period, goals, departments, reporter=None):
        calls.update(plan=plan, period=period, goals=goals, departments=departments)
        calls["reporter"] = reporter
        return ours.dashboard(plan, period, goals, departments, reporter)

    from targets.views import dashboard as view_module

    view_module.dashboard = capture
    try:
        figures(view)
    finally:
        view_module.dashboard = ours.dashboard
    times = {"this checkout": [], args.against: []}
    for _ in range(args.repeat):
        for label, module in (("this checkout", ours), (args.against, theirs)):
            begun = time.process_time()
            module.dashboard(**calls)
            times[label].append((time.process_time() - begun) * 1000)

    def plain(tally):  # the two checkouts' Tally classes differ: compare their figures
        counts = (tally.total, tally.on_time, tally.percent_sum, tally.carried)
        return (*counts, +tally.states, +tally.reports)

    def figures_of(data):
        return (
            plain(data.overall),
            [(quarter, plain(tally)) for quarter, tally in data.trend],
            [(s.section.pk, s.depth, plain(s.tally)) for s in data.sections],
            [
                {k: plain(v) if k == "tally" else v for k, v in row.items()}
                for row in data.departments
            ],
            data.red_goals,
            data.due_date,
        )

    same = figures_of(ours.dashboard(**calls)) == figures_of(theirs.dashboard(**calls))
    for label, values in times.items():
        print(f"  dashboard() of {label:<28} CPU median {statistics.median(values):7.2f} ms")
    print(f"  same figures: {same}")


def _plan_and_period(view):
    """The plan and quarter the cockpit shows for the view's request (PeriodMixin's choice)."""
    from targets.models import Plan
    from targets.periods import Quarter

    return Plan.objects.order_by("pk").first(), Quarter(2023, 4)


if __name__ == "__main__":
    sys.exit(main())
