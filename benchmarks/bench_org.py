"""Benchmark of the organisation module at national scale: pages, access authority, memory.

Builds the national organisation of `benchmarks/national_org.py` (34 provinces, 790 units,
about 16,000 people) in a fresh database, then measures with Django's test client, against
the real URL routes and the production-shaped settings (DEBUG off, manifest static files):

- the organisation tree as a provincial Chief and as the national administrator,
- the unit page of a province and of a regional unit,
- the access authority (`authority_for(user).units(Power.VIEW).count()`) for three leaders,
- the people list as a Chief,

printing for each the median and 95th percentile of the wall time and the number of SQL
queries, then the memory of this process and of a real web process (gunicorn, one worker).

    .venv/bin/python benchmarks/bench_org.py                        # SQLite, temporary file
    .venv/bin/python benchmarks/bench_org.py --scale 0.1 --runs 10  # quick check
    .venv/bin/python benchmarks/bench_org.py \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_org  # dropped and recreated

The development database (var/dieuhanh.sqlite3) is never touched. Figures are printed, never
asserted; docs/benchmarks.md keeps them.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python benchmarks/bench_org.py`
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.test import Client

    from benchmarks.national_org import NationalOrg

SETTINGS_MODULE = "bench_org_settings"  # written into the temporary directory, see below
DEVELOPMENT_DATABASE = ROOT / "var" / "dieuhanh.sqlite3"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Production-shaped settings; the in-process test client also needs its own host name.
PRODUCTION_ENVIRONMENT = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
}


@dataclass(frozen=True)
class Figure:
    """The measurements of one scenario."""

    scenario: str
    median_ms: float
    p95_ms: float
    queries: int
    sql: tuple[str, ...]


@dataclass(frozen=True)
class WebFigures:
    """Memory and latency of a gunicorn worker after serving the pages."""

    requests: int
    peak_mb: float
    resident_mb: float
    median_ms: float
    p95_ms: float


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=50, help="timed runs per scenario (50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs first (5)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="share of the national organisation (1.0)"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL URL; its database is dropped and recreated (default: SQLite file)",
    )
    parser.add_argument(
        "--web-requests",
        type=int,
        default=100,
        help="rounds of tree, unit and people pages sent to gunicorn (100; 0 skips it)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the fictional data")
    parser.add_argument(
        "--show-queries", action="store_true", help="print the SQL of one request per scenario"
    )
    return parser.parse_args(argv)


# Setting up ---------------------------------------------------------------------------------


def recreate_postgres_database(database_url: str) -> None:
    """Drop and create the benchmark database, connected to the `postgres` maintenance db."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(database_url)
    name = str(config["NAME"])
    if name in {"", "postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to drop the database {name!r}: name a benchmark database.")
    connection = psycopg.connect(
        dbname="postgres",
        user=str(config.get("USER") or ""),
        password=str(config.get("PASSWORD") or ""),
        host=str(config.get("HOST") or ""),
        port=str(config.get("PORT") or ""),
        autocommit=True,
    )
    with connection:
        database = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(database))


def set_up_django(workdir: Path, database_url: str) -> None:
    """Point Django at the benchmark database with production settings, then set it up.

    The settings have no variable for STATIC_ROOT (it is always var/static), and manifest
    static files need `collectstatic` when DEBUG is off; a settings module in the temporary
    directory changes only STATIC_ROOT so the benchmark writes nothing into the repository.
    """
    (workdir / f"{SETTINGS_MODULE}.py").write_text(
        '"""Production settings with a temporary STATIC_ROOT, for bench_org.py."""\n'
        "from config.settings import *  # noqa: F403\n\n"
        f"STATIC_ROOT = {str(workdir / 'static')!r}\n"
    )
    sys.path.insert(0, str(workdir))
    os.environ.update(PRODUCTION_ENVIRONMENT)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE

    import django
    from django.db import connection

    django.setup()
    if Path(str(connection.settings_dict["NAME"])).resolve() == DEVELOPMENT_DATABASE.resolve():
        raise SystemExit("Refusing to run against the development database.")


def refresh_statistics() -> None:
    """Give PostgreSQL's planner the statistics autovacuum would gather a minute after a load.

    Without them the planner guesses table sizes and picks plans a running server never uses.
    SQLite keeps no statistics unless ANALYZE is run, which a deployment does not do: left as is.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def database_description() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} (file, WAL)"
    return connection.vendor


def machine_description() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{os.cpu_count()} cores{f' ({model})' if model else ''}, {memory_gb:.0f} GB, "
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    )


def load_average() -> str:
    """The 1, 5 and 15 minute load: other work on the machine shows in the timings."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# Measuring ----------------------------------------------------------------------------------


def measure(scenario: str, action: Callable[[], None], *, runs: int, warmup: int) -> Figure:
    """Warm up, count the queries of one run, then time `runs` runs without capturing SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        action()
    with CaptureQueriesContext(connection) as captured:
        action()
    # Read now: every later request clears the connection's query log.
    statements = tuple(query["sql"] for query in captured.captured_queries)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return Figure(
        scenario=scenario,
        median_ms=statistics.median(timings),
        p95_ms=percentile(timings, 95),
        queries=len(statements),
        sql=statements,
    )


def percentile(values: Sequence[float], rank: int) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)]


def logged_in(user: User) -> Client:
    from django.test import Client

    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def page(client: Client, url: str) -> Callable[[], None]:
    def fetch() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")

    return fetch


def authority_count(user: User) -> Callable[[], None]:
    from dieuhanh.org.access import authority_for
    from dieuhanh.org.models import Power

    def load() -> None:
        authority_for(user).units(Power.VIEW).count()

    return load


def visible_units(user: User) -> int:
    from dieuhanh.org.access import authority_for
    from dieuhanh.org.models import Power

    count: int = authority_for(user).units(Power.VIEW).count()
    return count


def run_scenarios(org: NationalOrg, *, runs: int, warmup: int) -> list[Figure]:
    from django.urls import reverse

    chief, deputy, regional_head = (
        person.user for person in (org.chief, org.deputy, org.regional_head)
    )
    if chief is None or deputy is None or regional_head is None:
        raise RuntimeError("The benchmark leaders have no login.")
    chief_client = logged_in(chief)
    admin_client = logged_in(org.administrator)
    tree = reverse("org:tree")
    province_page = reverse("org:unit", kwargs={"code": org.province.code})
    regional_page = reverse("org:unit", kwargs={"code": org.regional_unit.code})
    chief_units, admin_units = visible_units(chief), visible_units(org.administrator)
    people = reverse("org:people")
    home = reverse("home")
    count = "authority_for + units(VIEW).count()"
    scenarios: list[tuple[str, Callable[[], None]]] = [
        (f"(a) tree {tree} — provincial Chief ({chief_units} units)", page(chief_client, tree)),
        (f"(b) tree {tree} — administrator ({admin_units} units)", page(admin_client, tree)),
        (f"(c) unit {province_page} — province, as Chief", page(chief_client, province_page)),
        (f"(c) unit {regional_page} — regional, as Chief", page(chief_client, regional_page)),
        (f"(d) {count} — provincial Chief", authority_count(chief)),
        (f"(d) {count} — deputy (portfolio, delegation)", authority_count(deputy)),
        (f"(d) {count} — regional head", authority_count(regional_head)),
        (f"(e) people {people} — provincial Chief", page(chief_client, people)),
        (f"(extra) home {home} — administrator ({admin_units} units)", page(admin_client, home)),
    ]
    return [measure(name, action, runs=runs, warmup=warmup) for name, action in scenarios]


# The web process ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {timeout:.0f} s")


def worker_pid(master: int) -> int:
    """The pid of gunicorn's only worker: the master's child process."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":\t", 1)
                    for line in status.read_text().splitlines()
                    if ":\t" in line
                )
            except OSError:  # the process ended while we looked
                continue
            if fields.get("PPid", "").strip() == str(master):
                return int(status.parent.name)
        time.sleep(0.2)
    raise RuntimeError("gunicorn started no worker")


def memory_mb(pid: int) -> tuple[float, float]:
    """VmHWM (peak resident) and VmRSS (resident now) of a process, in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return (
        int(fields["VmHWM"].split()[0]) / 1024,
        int(fields["VmRSS"].split()[0]) / 1024,
    )


def measure_web_process(
    workdir: Path, database_url: str, session: str, urls: list[str], rounds: int
) -> WebFigures:
    """Serve `urls` `rounds` times from `gunicorn config.wsgi -w 1` and read its memory."""
    from django.conf import settings

    port = free_port()
    environment = {
        **os.environ,
        **PRODUCTION_ENVIRONMENT,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",  # persistent connections, as a deployment would use
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi",
        "-w",
        "1",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603 — our own argv
    try:
        wait_for_port(port, process)
        worker = worker_pid(process.pid)
        opener = urllib.request.build_opener()
        opener.addheaders = [("Cookie", f"{settings.SESSION_COOKIE_NAME}={session}")]
        timings = []
        for _ in range(rounds):
            for url in urls:
                address = f"http://127.0.0.1:{port}{url}"
                started = time.perf_counter()
                with opener.open(address, timeout=120) as response:
                    response.read()
                    if response.status != 200 or response.geturl() != address:
                        raise RuntimeError(
                            f"GET {url} answered {response.status} at {response.geturl()}"
                        )
                timings.append((time.perf_counter() - started) * 1000)
        peak, resident = memory_mb(worker)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return WebFigures(
        requests=len(timings),
        peak_mb=peak,
        resident_mb=resident,
        median_ms=statistics.median(timings),
        p95_ms=percentile(timings, 95),
    )


# Reporting ----------------------------------------------------------------------------------


def print_table(figures: list[Figure]) -> None:
    width = max(len(figure.scenario) for figure in figures)
    print(f"| {'Scenario':<{width}} | median ms | p95 ms | queries |")
    print(f"|{'-' * (width + 2)}|----------:|-------:|--------:|")
    for figure in figures:
        print(
            f"| {figure.scenario:<{width}} | {figure.median_ms:9.1f} | {figure.p95_ms:6.1f} "
            f"| {figure.queries:7d} |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-org-"))
    try:
        return run(arguments, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(arguments: argparse.Namespace, workdir: Path) -> int:
    database_url = arguments.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    if database_url.startswith(("postgres://", "postgresql://")):
        recreate_postgres_database(database_url)
    set_up_django(workdir, database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from benchmarks.national_org import build_national_org, shape_for

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    org = build_national_org(scale=arguments.scale, seed=arguments.seed)
    built = time.perf_counter()
    refresh_statistics()
    call_command("collectstatic", interactive=False, verbosity=0)
    shape = shape_for(arguments.scale)

    print(f"Organisation benchmark — {timezone.localtime():%d/%m/%Y %H:%M} ({settings.TIME_ZONE})")
    print(f"Database: {database_description()}")
    print(f"Machine:  {machine_description()}")
    print(
        f"Data (scale {arguments.scale:g}): {org.units} units ({shape.provinces} provinces, "
        f"{sum(shape.departments)} departments, {sum(shape.regional_units)} regional units), "
        f"{org.people:,} people ({org.current_staff:,} current staff), {org.postings:,} "
        f"postings, {org.portfolios} portfolios, {org.delegations} delegations "
        f"({org.delegations_in_force} in force)"
    )
    analyzed = ", then ANALYZE" if connection.vendor == "postgresql" else ""
    print(
        f"Setup: migrate {migrated - started:.1f} s, build {built - migrated:.1f} s "
        f"(tree checked with find_problems{analyzed})"
    )
    print(f"Runs: {arguments.runs} timed after {arguments.warmup} warm-up, DEBUG off, test client")
    print(f"Load average before measuring: {load_average()}")
    print()

    figures = run_scenarios(org, runs=arguments.runs, warmup=arguments.warmup)
    print_table(figures)
    print()
    print(f"Load average after measuring: {load_average()}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"Peak RSS of this process, builder included: {peak_mb:.0f} MB")

    if arguments.web_requests > 0:
        session = logged_in(org.administrator).cookies[settings.SESSION_COOKIE_NAME].value
        urls = [
            reverse("org:tree"),
            reverse("org:unit", kwargs={"code": org.province.code}),
            reverse("org:people"),
        ]
        web = measure_web_process(workdir, database_url, session, urls, arguments.web_requests)
        print(
            f"Web process (gunicorn config.wsgi -w 1, DEBUG off, {web.requests} requests to "
            f"tree, province unit and people pages as the national administrator): "
            f"VmHWM {web.peak_mb:.0f} MB, VmRSS {web.resident_mb:.0f} MB; over HTTP median "
            f"{web.median_ms:.1f} ms, p95 {web.p95_ms:.1f} ms"
        )

    if arguments.show_queries:
        for figure in figures:
            print(f"\n{figure.scenario}: {figure.queries} queries")
            for number, statement in enumerate(figure.sql, start=1):
                print(f"  {number:2d}. {statement}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
