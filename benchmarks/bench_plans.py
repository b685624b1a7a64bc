"""Benchmark of plans and figures at national scale: import rate and memory, attainment matrix.

Builds the national organisation of `benchmarks/national_org.py` in a fresh database, extends
the sample catalogue to 60 statistical items (`benchmarks/national_figures.py`), writes a file
of 36 months of every item for every province and regional unit (389 units at scale 1:
840,240 values), then measures:

- importing it (the real `validate_and_save` of the import job, as the national
  administrator), in a separate process whose peak memory (VmHWM) is read at the end: a first
  import into an empty table, the same file again (every value unchanged), and a corrected
  file (one value in 200 changed, each change kept in the figure's history);
- the attainment matrix (`selectors.attainment_table`, 12 months) of one province (all its
  units × all indicators) and of the whole country (every unit × every indicator), with value,
  target and status only (the heat map), and with trends and projection (as the unit results
  page computes them);
- the unit results and indicator ranking pages of the province, as its Chief;

printing the median and 95th percentile of each and its number of SQL queries.

    .venv/bin/python benchmarks/bench_plans.py                        # SQLite, temporary file
    .venv/bin/python benchmarks/bench_plans.py --scale 0.1 --runs 10  # quick check
    .venv/bin/python benchmarks/bench_plans.py \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_plans  # dropped and recreated

The development database (var/dieuhanh.sqlite3) is never touched. Figures are printed, never
asserted; docs/benchmarks.md keeps them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python benchmarks/bench_plans.py`
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
    from benchmarks.national_org import NationalOrg
    from dieuhanh.core.periods import Period

ADMINISTRATOR = "bench-admin"  # the superuser build_national_org creates


@dataclass(frozen=True)
class ImportFigures:
    """One import, as the worker process reports it."""

    label: str
    values: int
    seconds: float
    check_seconds: float
    created: int
    changed: int
    unchanged: int
    errors: int
    rss_before_mb: float
    peak_mb: float

    @property
    def rate(self) -> float:
        return self.values / self.seconds if self.seconds else 0.0


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per scenario (20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first (3)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="share of the national organisation (1.0)"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL URL; its database is dropped and recreated (default: SQLite file)",
    )
    parser.add_argument("--months", type=int, default=36, help="months of figures (36)")
    parser.add_argument("--items", type=int, default=60, help="statistical items (60)")
    parser.add_argument(
        "--format", choices=["csv", "xlsx"], default="csv", help="file imported (csv)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the fictional data")
    parser.add_argument(
        "--profile", type=int, default=0, help="print the N costliest functions of each import"
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="print the SQL of one run per scenario"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (SQLite file, CSV)"
    )
    # The import worker: this script run again in a separate process (see run_import).
    parser.add_argument("--import-worker", default="", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", default="", help=argparse.SUPPRESS)
    parser.add_argument("--result", default="", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# The import worker ----------------------------------------------------------------------------


def memory_mb(field: str) -> float:
    """A memory line of this process's /proc status (VmRSS, VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def import_worker(arguments: argparse.Namespace) -> int:
    """Import one file as the national administrator; write what happened as JSON."""
    set_up_django(Path(arguments.workdir), arguments.database_url)
    import cProfile
    import pstats

    from django.contrib.auth.models import User

    from dieuhanh.org.access import authority_for
    from dieuhanh.plans import services
    from dieuhanh.plans.imports import pipeline, validate_and_save
    from dieuhanh.plans.models import ImportBatch

    path = Path(arguments.import_worker)
    authority = authority_for(User.objects.get(username=ADMINISTRATOR))
    batch = services.new_batch(ImportBatch.Source.FILE, authority=authority, file_name=path.name)
    writing: list[float] = []
    write = pipeline._save

    def timed_write(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return write(*args, **kwargs)
        finally:
            writing.append(time.perf_counter() - started)

    pipeline._save = timed_write  # type: ignore[assignment]  # times pass 2 alone
    rss_before = memory_mb("VmRSS")
    profiler = cProfile.Profile() if arguments.profile else None
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    result = validate_and_save(
        batch, path.name, lambda: path.open("rb"), authority=authority, reason="Benchmark"
    )
    if profiler is not None:
        profiler.disable()
    seconds = time.perf_counter() - started
    Path(arguments.result).write_text(
        json.dumps(
            {
                "seconds": seconds,
                "check_seconds": seconds - sum(writing),
                "created": result.created,
                "changed": result.changed,
                "unchanged": result.unchanged,
                "errors": result.error_count,
                "first_errors": [error.as_dict() for error in result.errors[:5]],
                "rss_before_mb": rss_before,
                "peak_mb": memory_mb("VmHWM"),
            }
        )
    )
    if profiler is not None:
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(arguments.profile)
        stats.sort_stats("cumulative").print_stats(arguments.profile)
    return 0


def run_import(
    arguments: argparse.Namespace, workdir: Path, database_url: str, path: Path, label: str
) -> ImportFigures:
    """Run the import worker in a fresh process, so its peak memory is the import's alone."""
    result = workdir / "import-result.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--import-worker",
        str(path),
        "--workdir",
        str(workdir),
        "--database-url",
        database_url,
        "--result",
        str(result),
        "--profile",
        str(arguments.profile),
    ]
    subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 — our own argv
    report = json.loads(result.read_text())
    if report["errors"]:
        raise RuntimeError(f"The import was refused: {report['first_errors']}")
    return ImportFigures(
        label=label,
        values=report["created"] + report["changed"] + report["unchanged"],
        seconds=report["seconds"],
        check_seconds=report["check_seconds"],
        created=report["created"],
        changed=report["changed"],
        unchanged=report["unchanged"],
        errors=report["errors"],
        rss_before_mb=report["rss_before_mb"],
        peak_mb=report["peak_mb"],
    )


# The attainment matrix ------------------------------------------------------------------------


def matrix(
    units: list[Any], indicators: list[Any], period: Period, *, full: bool
) -> Callable[[], None]:
    from dieuhanh.plans import selectors

    def compute() -> None:
        selectors.attainment_table(units, indicators, period, trends=full, projection=full)

    return compute


def run_scenarios(org: NationalOrg, period: Period, *, runs: int, warmup: int) -> list[Figure]:
    from django.urls import reverse

    from dieuhanh.org.models import Unit
    from dieuhanh.plans import selectors

    chief = org.chief.user
    if chief is None:
        raise RuntimeError("The province's Chief has no login.")
    indicators = list(selectors.indicators())
    province = list(Unit.objects.filter(path__startswith=org.province.path).select_related("level"))
    country = list(Unit.objects.select_related("level").order_by("path"))
    client = logged_in(chief)
    query = f"?period={period.slug}"
    results = reverse("plans:unit_results", kwargs={"code": org.province.code}) + query
    ranking = reverse("plans:indicator_units", kwargs={"code": "TL_GQ_TGTB"})
    ranking += f"{query}&unit={org.province.code}"
    size = f"{len(indicators)} indicators, {period.label}"
    scenarios: list[tuple[str, Callable[[], None]]] = [
        (
            f"(a) matrix, province ({len(province)} units × {size})",
            matrix(province, indicators, period, full=False),
        ),
        (
            f"(b) matrix + trends + projection, province ({len(province)} units)",
            matrix(province, indicators, period, full=True),
        ),
        (
            f"(c) matrix, country ({len(country)} units × {size})",
            matrix(country, indicators, period, full=False),
        ),
        (
            f"(d) matrix + trends + projection, country ({len(country)} units)",
            matrix(country, indicators, period, full=True),
        ),
        (f"(e) page unit results {org.province.code}, as Chief", page(client, results)),
        (f"(f) page indicator ranking in {org.province.code}, as Chief", page(client, ranking)),
    ]
    return [measure(name, action, runs=runs, warmup=warmup) for name, action in scenarios]


# Running ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.import_worker:
        return import_worker(arguments)
    workdir = Path(tempfile.mkdtemp(prefix="bench-plans-"))
    try:
        return run(arguments, workdir)
    finally:
        if arguments.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def latest_full_year(last: Any) -> Period:
    """The last working year whose 12 months have all ended."""
    from dieuhanh.core.periods import full_year, working_year_of

    year = working_year_of(last)
    return full_year(year) if full_year(year).last <= last else full_year(year - 1)


def run(arguments: argparse.Namespace, workdir: Path) -> int:
    database_url = arguments.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    if database_url.startswith(("postgres://", "postgresql://")):
        recreate_postgres_database(database_url)
    set_up_django(workdir, database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from benchmarks import national_figures
    from benchmarks.national_org import build_national_org
    from dieuhanh.core.periods import Month
    from dieuhanh.plans.models import Figure, FigureChange

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    org = build_national_org(scale=arguments.scale, seed=arguments.seed)
    catalogue = national_figures.extend_catalogue(arguments.items)
    units = national_figures.reporting_units()
    last = Month.of(timezone.localdate()).shift(-1)
    months = national_figures.months_back(last, arguments.months)
    file = workdir / f"so-lieu.{arguments.format}"
    writer = (
        national_figures.write_csv if arguments.format == "csv" else national_figures.write_xlsx
    )
    values = writer(file, national_figures.rows(catalogue, units, months, seed=arguments.seed))
    corrected = workdir / "so-lieu-sua.csv"
    changed = 0
    if arguments.format == "csv":
        changed = national_figures.changed_copy(file, corrected, every=200, seed=arguments.seed)
    refresh_statistics()
    call_command("collectstatic", interactive=False, verbosity=0)
    built = time.perf_counter()

    provinces = sum(1 for unit in units if unit.depth == 1)
    print(f"Plans benchmark — {timezone.localtime():%d/%m/%Y %H:%M} ({settings.TIME_ZONE})")
    print(f"Database: {database_description()}")
    print(f"Machine:  {machine_description()}")
    print(
        f"Data (scale {arguments.scale:g}): {org.units} units; {len(units)} report figures "
        f"({provinces} provinces, {len(units) - provinces} regional units) × "
        f"{len(catalogue.items)} items × {len(months)} months ({months[0]}–{months[-1]}) = "
        f"{values:,} values; {catalogue.indicators} indicators"
    )
    print(
        f"File: {file.name}, {file.stat().st_size / 1024**2:.1f} MB, {len(units) * len(months):,}"
        f" rows; setup {built - started:.0f} s"
    )
    print(f"Load average before measuring: {load_average()}")
    print()

    imports = [run_import(arguments, workdir, database_url, file, "(i) first import")]
    imports.append(run_import(arguments, workdir, database_url, file, "(ii) same file again"))
    if changed:
        label = f"(iii) corrected file ({changed:,} values changed)"
        imports.append(run_import(arguments, workdir, database_url, corrected, label))
    print_imports(imports)
    stored, history = Figure.objects.count(), FigureChange.objects.count()
    print(f"Figures stored: {stored:,}; history rows: {history:,}")
    print()

    refresh_statistics()
    period = latest_full_year(last)
    print(f"Runs: {arguments.runs} timed after {arguments.warmup} warm-up, DEBUG off")
    figures = run_scenarios(org, period, runs=arguments.runs, warmup=arguments.warmup)
    print_table(figures)
    print()
    print(f"Load average after measuring: {load_average()}")
    if connection.vendor == "postgresql":
        print("(PostgreSQL statistics refreshed with ANALYZE after the load and after imports)")
    if arguments.show_queries:
        for figure in figures:
            print(f"\n{figure.scenario}: {figure.queries} queries")
            for number, statement in enumerate(figure.sql, start=1):
                print(f"  {number:2d}. {statement[:2000]}")
    return 0


def print_imports(imports: list[ImportFigures]) -> None:
    header = [
        "Import (validate_and_save, own process)",
        "values",
        "seconds",
        "pass 1 s",
        "values/s",
        "created",
        "changed",
        "unchanged",
        "RSS before MB",
        "peak MB",
    ]
    rows = [
        [
            figure.label,
            f"{figure.values:,}",
            f"{figure.seconds:.1f}",
            f"{figure.check_seconds:.1f}",
            f"{figure.rate:,.0f}",
            f"{figure.created:,}",
            f"{figure.changed:,}",
            f"{figure.unchanged:,}",
            f"{figure.rss_before_mb:.0f}",
            f"{figure.peak_mb:.0f}",
        ]
        for figure in imports
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 1) + (":" if i else "-") for i, w in enumerate(widths)) + "|")
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        print("| " + " | ".join(cells) + " |")
    print(
        "pass 1: reading and checking the file (and the SHA-256); the rest is pass 2, writing in "
        "one transaction. RSS before: the worker after Django's start; peak: its VmHWM at the end."
    )


if __name__ == "__main__":
    sys.exit(main())
