"""Benchmark of directives and tasks at national scale: a million tasks, pages and summaries.

Builds the national organisation of `benchmarks/national_org.py` in a fresh database, loads
about a million tasks into it with `benchmarks/national_directives.py` (directives of each
province fanned out to its units, sub-tasks for staff, a year of dates and outcomes; written
straight into the tables, bypassing the services — see that module), then measures with
Django's test client, against the real URL routes and production-shaped settings:

- (a) "my tasks" of a regional head (his unit's open tasks) and of a prosecutor;
- (b) a unit's task list filtered by timeliness group, and by status, role and group;
- (c) the page of a directive addressed to 30 units;
- (d) the national timeliness summary (`selectors.timeliness_summary` as the national
  administrator, a selector call on an already loaded authority);

plus, as extras, the same summary for one province, the per-unit summary of the whole country
and the directive list. For each: median and 95th percentile of the wall time and the number
of SQL queries (session, user and access authority included for pages).

    .venv/bin/python benchmarks/bench_directives.py                        # SQLite, temp file
    .venv/bin/python benchmarks/bench_directives.py --scale 0.1 --runs 10  # quick check
    .venv/bin/python benchmarks/bench_directives.py \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_directives  # dropped, recreated

At `--scale 0.1` the organisation and the number of tasks are a tenth (3 provinces, about
100,000 tasks) while each unit keeps a year's worth of tasks: comparing the query counts of
both scales shows they do not grow with the data. The development database
(var/dieuhanh.sqlite3) is never touched. Figures are printed, never asserted;
docs/benchmarks.md keeps them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python benchmarks/bench_directives.py`
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_org import (  # noqa: E402 — needs the path above
    database_description,
    load_average,
    logged_in,
    machine_description,
    measure,
    page,
    print_table,
    recreate_postgres_database,
    refresh_statistics,
    set_up_django,
)

if TYPE_CHECKING:
    from benchmarks.bench_org import Figure
    from benchmarks.national_directives import LoadedDirectives
    from benchmarks.national_org import NationalOrg
    from dieuhanh.org.models import Person

NATIONAL_TASKS = 1_000_000


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=50, help="timed runs per scenario (50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs first (5)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="share of the national organisation (1.0)"
    )
    parser.add_argument(
        "--tasks",
        type=int,
        default=0,
        help=f"tasks to load (default: {NATIONAL_TASKS:,} × scale)",
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL URL; its database is dropped and recreated (default: SQLite file)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the fictional data")
    parser.add_argument(
        "--show-queries", action="store_true", help="print the SQL of one run per scenario"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (SQLite file) at the end"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print the database's plan of each query of one run per scenario",
    )
    return parser.parse_args(argv)


# Scenarios ----------------------------------------------------------------------------------


def busiest_prosecutor(org: NationalOrg) -> tuple[Person, int]:
    """The member of the regional unit with the most open sub-tasks, and how many."""
    from django.db.models import Count

    from dieuhanh.directives.models import OPEN_STATUSES, Task
    from dieuhanh.org.models import Person

    row = (
        Task.objects.filter(
            unit=org.regional_unit, assignee__isnull=False, status__in=OPEN_STATUSES
        )
        .values("assignee_id")
        .annotate(count=Count("id"))
        .order_by("-count", "assignee_id")
        .first()
    )
    if row is None:
        raise RuntimeError("The regional unit has no open sub-task.")
    return Person.objects.select_related("user").get(pk=row["assignee_id"]), row["count"]


def selector(action: Callable[[], object]) -> Callable[[], None]:
    def call() -> None:
        action()

    return call


def run_scenarios(
    org: NationalOrg, loaded: LoadedDirectives, *, runs: int, warmup: int
) -> list[Figure]:
    from django.urls import reverse
    from django.utils import timezone

    from dieuhanh.directives import selectors
    from dieuhanh.org.access import authority_for

    today = timezone.localdate()
    head, chief = org.regional_head.user, org.chief.user
    if head is None or chief is None:
        raise RuntimeError("The benchmark leaders have no login.")
    prosecutor, open_subtasks = busiest_prosecutor(org)
    if prosecutor.user is None:
        raise RuntimeError("The prosecutor has no login.")
    head_tasks = len(selectors.my_tasks(authority_for(head), on=today))
    head_client, chief_client = logged_in(head), logged_in(chief)
    prosecutor_client = logged_in(prosecutor.user)
    code = org.regional_unit.code
    unit_page = reverse("directives:unit_tasks", kwargs={"code": code})
    overdue = f"{unit_page}?group=open_overdue"
    filtered = f"{unit_page}?status=open&role=lead&group=open_within&basis=original"
    wide = reverse("directives:directive", kwargs={"pk": loaded.wide_directive})
    national = authority_for(org.administrator)
    provincial = authority_for(chief)
    scenarios: list[tuple[str, Callable[[], None]]] = [
        (
            f"(a) my tasks — regional head ({head_tasks} open tasks of {code})",
            page(head_client, reverse("directives:my_tasks")),
        ),
        (
            f"(a) my tasks — prosecutor ({open_subtasks} open sub-tasks)",
            page(prosecutor_client, reverse("directives:my_tasks")),
        ),
        (f"(b) unit tasks {code} ?group=open_overdue — its head", page(head_client, overdue)),
        (
            f"(b) unit tasks {code} ?status, role, group, basis — provincial Chief",
            page(chief_client, filtered),
        ),
        ("(c) directive addressed to 30 units — provincial Chief", page(chief_client, wide)),
        (
            "(d) timeliness_summary — national administrator (selector)",
            selector(lambda: selectors.timeliness_summary(national, on=today)),
        ),
        (
            "(extra) timeliness_summary — provincial Chief (selector)",
            selector(lambda: selectors.timeliness_summary(provincial, on=today)),
        ),
        (
            "(extra) timeliness_by_unit — national administrator, every unit (selector)",
            selector(lambda: selectors.timeliness_by_unit(national, on=today)),
        ),
        (
            "(extra) directive list, first page — provincial Chief",
            page(chief_client, reverse("directives:list")),
        ),
    ]
    return [measure(name, action, runs=runs, warmup=warmup) for name, action in scenarios]


def explain(statement: str) -> list[str]:
    """The database's plan for one captured SELECT (EXPLAIN ANALYZE on PostgreSQL)."""
    from django.db import connection

    if not statement.lstrip().upper().startswith("SELECT"):
        return []
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        try:
            cursor.execute(prefix + statement)
        except Exception as error:
            return [f"(not explained: {error})"]
        return [" | ".join(str(cell) for cell in row) for row in cursor.fetchall()]


# Running ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-directives-"))
    try:
        return run(arguments, workdir)
    finally:
        if arguments.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def run(arguments: argparse.Namespace, workdir: Path) -> int:
    database_url = arguments.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    if database_url.startswith(("postgres://", "postgresql://")):
        recreate_postgres_database(database_url)
    set_up_django(workdir, database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from benchmarks.national_directives import load_directives
    from benchmarks.national_org import build_national_org, shape_for
    from dieuhanh.directives import selectors
    from dieuhanh.org.access import authority_for

    tasks = arguments.tasks or round(NATIONAL_TASKS * arguments.scale)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    org = build_national_org(scale=arguments.scale, seed=arguments.seed)
    built = time.perf_counter()
    loaded = load_directives(tasks=tasks, seed=arguments.seed)
    load_seconds = time.perf_counter() - built
    refresh_statistics()
    call_command("collectstatic", interactive=False, verbosity=0)
    shape = shape_for(arguments.scale)
    today = timezone.localdate()
    summary = selectors.timeliness_summary(authority_for(org.administrator), on=today)

    print(f"Directives benchmark — {timezone.localtime():%d/%m/%Y %H:%M} ({settings.TIME_ZONE})")
    print(f"Database: {database_description()}")
    print(f"Machine:  {machine_description()}")
    print(
        f"Organisation (scale {arguments.scale:g}): {org.units + loaded.teams} units "
        f"({shape.provinces} provinces, {loaded.teams} teams added in the first), "
        f"{org.people:,} people ({org.current_staff:,} current staff)"
    )
    print(
        f"Tasks: {loaded.tasks:,} ({loaded.unit_tasks:,} units' tasks of {loaded.directives:,} "
        f"directives, {loaded.subtasks:,} sub-tasks for staff); {loaded.addressees:,} "
        f"addressed units, {loaded.extension_requests:,} extension requests, "
        f"{loaded.completion_reports:,} completion reports pending or returned"
    )
    print(
        f"Timeliness today (units' tasks, national): {summary.done_on_time:,} done on time, "
        f"{summary.done_late:,} done late, {summary.open_within:,} open within the deadline, "
        f"{summary.open_overdue:,} open overdue"
    )
    analyzed = ", then ANALYZE" if connection.vendor == "postgresql" else ""
    print(
        f"Setup: migrate and organisation {built - started:.1f} s, tasks loaded in "
        f"{load_seconds:.1f} s (bulk, bypassing the services{analyzed})"
    )
    print(f"Runs: {arguments.runs} timed after {arguments.warmup} warm-up, DEBUG off, test client")
    print(f"Load average before measuring: {load_average()}")
    print()

    figures = run_scenarios(org, loaded, runs=arguments.runs, warmup=arguments.warmup)
    print_table(figures)
    print()
    print(f"Load average after measuring: {load_average()}")
    if arguments.show_queries or arguments.explain:
        for figure in figures:
            print(f"\n{figure.scenario}: {figure.queries} queries")
            for number, statement in enumerate(figure.sql, start=1):
                print(f"  {number:2d}. {statement[:3000]}")
                if arguments.explain:
                    for line in explain(statement):
                        print(f"        {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
