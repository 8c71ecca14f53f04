"""The `warmonitor` command line: one entry point, one subcommand per job.

No ``from __future__ import annotations`` here: Typer reads every command's signature
when it builds the CLI, even for `--help`, and evaluating annotations kept as strings
compiles each of them, a measurable part of the start-up (bench/startup.py). Names only
imported for type checking are quoted instead.
"""

import sys
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Iterator, NoReturn, Optional

import typer

from .publish.fields import DIMENSIONS, FILTERS

if TYPE_CHECKING:
    from collections.abc import Callable

    from .ingest import CorpusColumns
    from .ingest.stopping import Stop
    from .records import Document, Report
    from .workers import ReadFailed

# Everything else is imported inside the command that needs it: `warmonitor tally`
# should not pay for the extractor, the gazetteer, Alembic or Dask.

# Help and usage errors in click's plain text rather than Rich panels: Typer's Rich
# formatter imports Rich's Markdown, syntax and traceback modules (Pygments, markdown-it),
# which alone took longer than the whole of `warmonitor --help` may (bench/startup.py).
PLAIN = {"rich_markup_mode": None}

app = typer.Typer(
    help="Read war reporting into traceable casualty claims.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    **PLAIN,
)


gazetteer_app = typer.Typer(help="The GeoNames gazetteer that places events (CC BY 4.0, geonames.org).", no_args_is_help=True, **PLAIN)
app.add_typer(gazetteer_app, name="gazetteer")
sources_app = typer.Typer(help="The sources `warmonitor watch` polls (kept in watch.toml).", no_args_is_help=True, **PLAIN)
app.add_typer(sources_app, name="sources")


class OutputFormat(str, Enum):
    json = "json"
    table = "table"


def _parse_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")


class TallyFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(str, Enum):
    csv = "csv"
    geojson = "geojson"
    jsonl = "jsonl"


Dimension = Enum("Dimension", {d: d for d in DIMENSIONS}, type=str)
DbOption = Annotated[Optional[str], typer.Option(help="SQLite file or postgresql:// URL (default: warmonitor.sqlite in the data folder).")]
FromOption = Annotated[Optional[str], typer.Option("--from", help="First day (YYYY-MM-DD).")]
ToOption = Annotated[Optional[str], typer.Option("--to", help="Last day (YYYY-MM-DD).")]
WhereOption = Annotated[Optional[list[str]], typer.Option(help=f"FIELD=VALUE, FIELD one of {', '.join(FILTERS)}; repeatable.")]
CountryOption = Annotated[Optional[str], typer.Option(help="Only incidents in this country: its two-letter code (SD) or name (Sudan).")]
ConflictOption = Annotated[Optional[str], typer.Option(help="Only incidents of this conflict, as its pack names it (Sudan, Syria).")]
SearchOption = Annotated[Optional[str], typer.Option(
    "--search", help="Only incidents every word finds in their place, actors, quotes or sources (the dashboard's search).")]
ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="The watch configuration (default: watch.toml in the data folder).")]
FollowSymlinksOption = Annotated[bool, typer.Option("--follow-symlinks", help="Read links in a folder that point outside it (skipped by default).")]
AppendOption = Annotated[bool, typer.Option("--append", help="Store reports that sort before stored ones after them, "
                                             "rather than storing the whole store again in the canonical order.")]
WorkersOption = Annotated[Optional[int], typer.Option(
    "--workers", min=1, help="Processes reading reports (default: this machine's cores); the output is the same with any number.")]


@app.command("extract")
def extract_command(
    inputs: Annotated[list[str], typer.Argument(help="Text or HTML files, http(s) URLs, '-' for stdin, or corpus CSV/JSONL files.", metavar="INPUT...")],
    published: Annotated[Optional[str], typer.Option(help="The reports' date (YYYY-MM-DD) when the text does not give one.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="json: one object per report per line; table: readable.")] = OutputFormat.json,
    no_text: Annotated[bool, typer.Option("--no-text", help="Leave the cleaned text out of the JSON.")] = False,
    id_column: Annotated[str, typer.Option(help="Corpus column holding the report's id.")] = "unit_id",
    title_column: Annotated[str, typer.Option(help="Corpus column holding the title.")] = "article_title",
    text_column: Annotated[str, typer.Option(help="Corpus column holding the text.")] = "article_content",
    date_column: Annotated[str, typer.Option(help="Corpus column holding the date.")] = "date",
    follow_symlinks: FollowSymlinksOption = False,
    workers: WorkersOption = None,
) -> None:
    """Read each INPUT and print its casualty claims."""
    from .ingest import CorpusColumns

    columns = CorpusColumns(id=id_column, title=title_column, text=text_column, date=date_column)
    written = None  # a table: reports printed at the end
    if output_format is OutputFormat.json:  # each line made where its report is read (workers.read_reports)
        from functools import partial

        from .publish.jsonl import report_to_line

        written = partial(report_to_line, include_text=not no_text)
    reports = _reports(inputs, columns, _parse_date(published), follow_symlinks, workers=_workers(workers), written=written)
    with _fewer_collections():
        failures = _emit(reports)
    if failures:
        raise typer.Exit(1)


@app.command()
def demo(
    db: DbOption = None,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve", help="End by serving the dashboard over the demo store.")] = True,
    port: Annotated[int, typer.Option(help="Port for the dashboard.", min=1, max=65535)] = 8000,
) -> None:
    """Read the bundled sample reports, show their claims and events, store them, print a
    tally, and serve the dashboard over that store."""
    from contextlib import ExitStack
    from importlib import resources

    from .ingest import CorpusColumns
    from .publish.tally import print_rendered, render, tally
    from .store.ingest import ingest_documents

    samples = resources.files("warmonitor").joinpath("samples")
    with ExitStack() as stack:
        readable = [s for s in samples.iterdir() if Path(s.name).suffix in (".txt", ".csv", ".html")]
        # The seed report first: it is the one the project began from.
        readable.sort(key=lambda sample: (not sample.name.startswith("seed"), sample.name))
        paths = [str(stack.enter_context(resources.as_file(sample))) for sample in readable]
        _emit(_reports(paths[:1], CorpusColumns(), None))  # a table
        engine = _open_store(db)
        counts = ingest_documents(engine, _documents(paths, CorpusColumns(), None))
    typer.echo(f"\nstore {engine.url.render_as_string(hide_password=True)}: {counts.summary()}")
    with engine.connect() as connection:
        print_rendered(render(tally(connection, "side"), "side", "table"))
    if serve_after:
        typer.echo(f"\ndashboard: http://127.0.0.1:{port}/  (API docs: http://127.0.0.1:{port}/docs; Ctrl-C stops)")
        serve(db=db, host="127.0.0.1", port=port, tiles=None)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, URLs, feeds or corpus CSV/JSONL files.", metavar="INPUT...")],
    db: Annotated[Optional[str], typer.Option(help="SQLite file or postgresql:// URL (default: warmonitor.sqlite in the data folder).")] = None,
    published: Annotated[Optional[str], typer.Option(help="The reports' date (YYYY-MM-DD) when the text does not give one.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    follow_symlinks: FollowSymlinksOption = False,
    workers: WorkersOption = None,
    append: AppendOption = False,
) -> None:
    """Read each INPUT into the store: documents, claims, events, reconciled incidents."""
    from .ingest import CorpusColumns
    from .store.ingest import ingest_documents

    engine = _open_store(db)
    documents = _documents(inputs, CorpusColumns(), _parse_date(published), follow_symlinks)
    with _fewer_collections():  # the writer, and the reading on one worker, make objects as extract does
        counts = ingest_documents(engine, documents, progress=not quiet, workers=_workers(workers), reorder=not append)
    engine.dispose()
    typer.echo(counts.summary(), err=True)
    if counts.failed:
        raise typer.Exit(1)


@app.command()
def backfill(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, URLs, feeds or corpus CSV/JSONL files.", metavar="INPUT...")],
    db: DbOption = None,
    scheduler: Annotated[Optional[str], typer.Option(
        help="An existing Dask scheduler (tcp://HOST:8786); default: a cluster of --workers processes on this machine.")] = None,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, help="Processes of the cluster on this machine (default: its cores).")] = None,
    published: Annotated[Optional[str], typer.Option(help="The reports' date (YYYY-MM-DD) when the text does not give one.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    follow_symlinks: FollowSymlinksOption = False,
    append: AppendOption = False,
) -> None:
    """Read INPUT on a Dask cluster into the store: the store `ingest` makes, read on many machines."""
    from .backfill import ClusterError, backfill as read_on_cluster
    from .ingest import CorpusColumns

    if scheduler and workers:
        raise typer.BadParameter("--workers is for a cluster on this machine; an existing cluster (--scheduler) has its own")
    engine = _open_store(db)
    documents = _documents(inputs, CorpusColumns(), _parse_date(published), follow_symlinks)
    try:
        counts, memory = read_on_cluster(engine, documents, scheduler=scheduler, workers=_workers(workers), progress=not quiet,
                                         reorder=not append)
    except ClusterError as error:
        _exit_with(error)
    finally:
        engine.dispose()
    typer.echo(counts.summary(), err=True)
    typer.echo(f"read on {len(memory)} Dask workers, peak memory " + ", ".join(f"{mb} MB" for mb in sorted(memory.values())), err=True)
    if counts.failed:
        raise typer.Exit(1)


def _filter(start, end, where, country=None, conflict=None, search=None):
    """The incidents a tally or an export is about, from --from, --to, --where, --country,
    --conflict (the last two are --where's country= and conflict=) and --search (the
    dashboard's search box and the API's ``q``)."""
    from .publish.filters import FilterError, parse_where
    from .publish.search import SearchFilter

    named = [f"{field}={value}" for field, value in (("country", country), ("conflict", conflict)) if value]
    try:
        return SearchFilter(start=_parse_date(start), end=_parse_date(end), **parse_where([*(where or []), *named]),
                            text=search)
    except FilterError as error:
        raise typer.BadParameter(str(error))


@app.command("tally")
def tally_command(
    by: Annotated[Dimension, typer.Option(help="The dimension to count by.")] = "side",
    db: DbOption = None, start: FromOption = None, end: ToOption = None, where: WhereOption = None,
    country: CountryOption = None, conflict: ConflictOption = None, search: SearchOption = None,
    output_format: Annotated[TallyFormat, typer.Option("--format")] = TallyFormat.table,
) -> None:
    """Killed and injured from reconciled incidents (aggregates are never added in)."""
    from .publish.tally import print_rendered, render, tally

    chosen = _filter(start, end, where, country, conflict, search)
    with _open_store(db, read_only=True).connect() as connection:
        rows = tally(connection, by.value, chosen)
    print_rendered(render(rows, by.value, output_format.value))


@app.command("export")
def export_command(
    output_format: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.csv,
    db: DbOption = None, start: FromOption = None, end: ToOption = None, where: WhereOption = None,
    country: CountryOption = None, conflict: ConflictOption = None, search: SearchOption = None,
) -> None:
    """Reconciled incidents with ACLED's column names where the concept is the same."""
    from .publish.export import rows as export_rows, write as export_write
    from .publish.incidents import load_incidents

    chosen = _filter(start, end, where, country, conflict, search)
    with _open_store(db, read_only=True).connect() as connection:
        export_write(export_rows(connection, load_incidents(connection, chosen)), output_format.value)


@app.command("show")
def show_command(
    event_id: Annotated[int, typer.Argument(help="An incident's id (event_id in exports).")],
    db: DbOption = None,
) -> None:
    """One incident: its place, date, actors, figures, and every claim and sentence behind them."""
    from rich.console import Console

    from .publish.show import show

    engine = _open_store(db, read_only=True)
    console = Console() if sys.stdout.isatty() else Console(width=160)
    with engine.connect() as connection:
        if not show(connection, event_id, console):
            typer.echo(f"warmonitor: no incident {event_id} in the store", err=True)
            raise typer.Exit(1)


@app.command("aggregates")
def aggregates_command(
    db: DbOption = None, start: FromOption = None, end: ToOption = None,
    admin1: Annotated[Optional[str], typer.Option(help="Only totals for this governorate.")] = None,
    country: CountryOption = None, conflict: ConflictOption = None,
) -> None:
    """Totals over a period that reports quote (monitors, the UN), beside our own tally for that period."""
    from .publish.aggregates import aggregate_items, aggregates_table
    from .publish.filters import FilterError
    from .publish.tally import print_rendered

    engine = _open_store(db, read_only=True)
    with engine.connect() as connection:
        try:
            items = aggregate_items(connection, _parse_date(start), _parse_date(end), admin1, country=country, conflict=conflict)
        except FilterError as error:
            _exit_with(error)
    print_rendered(aggregates_table(items))


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    tiles: Annotated[Optional[str], typer.Option(help="Map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: offline outlines only).")] = None,
    watch: Annotated[bool, typer.Option("--watch", help="Also watch the configured sources, in this process.")] = False,
    config: ConfigOption = None,
) -> None:
    """Serve the store: a read-only JSON API (OpenAPI at /docs) and the dashboard."""
    import threading

    from .publish.api import create_app
    from .publish.server import run_server

    if not watch:
        engine = _open_store(db, read_only=True)
        typer.echo(f"warmonitor: serving {engine.url.render_as_string(hide_password=True)} at http://{host}:{port}/", err=True)
        run_server(create_app(engine, tiles=tiles), host=host, port=port)
        return
    watcher, stop = _watcher(db, config, base_url=f"http://{host}:{port}"), _stop_on_signals()
    engine = _open_store(db, read_only=True)
    polling = threading.Thread(target=watcher.run, args=(stop,), name="watch")
    polling.start()
    typer.echo(f"warmonitor: serving {engine.url.render_as_string(hide_password=True)} at http://{host}:{port}/ "
               f"and watching {len(watcher.config.sources)} sources", err=True)
    try:
        run_server(create_app(engine, tiles=tiles), host=host, port=port)
    finally:
        stop.set()
        polling.join()


@app.command()
def watch(
    db: DbOption = None,
    config: ConfigOption = None,
    once: Annotated[bool, typer.Option("--once", help="Poll each source that is due once, read what it lists, and exit.")] = False,
) -> None:
    """Poll the configured sources for new articles and store each once (a JSON line per poll on stderr)."""
    import json

    watcher, stop = _watcher(db, config), _stop_on_signals()
    if once:
        for source in watcher.config.sources:
            if watcher.due(source) and not stop.is_set():
                watcher.poll(source, stop)
        return
    typer.echo(json.dumps({"event": "start", "sources": len(watcher.config.sources)}), err=True)
    watcher.run(stop)
    typer.echo(json.dumps({"event": "stop"}), err=True)


def _watcher(db: Optional[str], config: Optional[Path], base_url: Optional[str] = None):
    """A watcher over the store and the configured sources, sending the config's alerts
    after each poll that stored reports (exit 1 with one line if anything cannot be used).
    ``base_url``: where event pages are served (``serve --watch``), else the config's."""
    from .ingest.watch import Watcher
    from .publish.alerts import AlertConfigError, load_rules
    from .workers import read_report

    watch_config = _load_watch_config(config)
    if not watch_config.sources:
        typer.echo(f"warmonitor: no sources to watch in {_config_path(config)} (add one: warmonitor sources add NAME URL)", err=True)
        raise typer.Exit(1)
    try:
        rules = load_rules({"alert": list(watch_config.alerts)})
    except AlertConfigError as error:
        _exit_with(error)
    engine = _open_store(db)
    links = base_url or watch_config.settings.base_url
    return Watcher(engine, watch_config, read_report,
                   on_stored=_alert_sender(engine, rules, links) if rules else None)


def _alert_sender(engine, rules, base_url: str):
    """The watcher's hook: send what the alert rules say is due, one JSON log line for a
    round that sent, failed or left something."""
    import json

    from .publish.alerts import dispatch

    def send(document_ids: list[int]) -> None:
        result = dispatch(engine, rules, base_url=base_url)
        if not (result.sent or result.failed or result.waiting):
            return
        sent = [{"rule": d.rule, "incident": d.incident_id, "figure": d.figure} for d in result.sent]
        failed = [{"rule": d.rule, "incident": d.incident_id, "error": d.error} for d in result.failed]
        typer.echo(json.dumps({"event": "alerts", "sent": sent, "failed": failed, "waiting": result.waiting}), err=True)

    return send


def _stop_on_signals() -> "Stop":
    """A flag set by SIGTERM or SIGINT: the watcher finishes the report it is writing, then stops."""
    import signal

    from .ingest.stopping import Stop

    stop = Stop()
    for name in (signal.SIGTERM, signal.SIGINT):
        signal.signal(name, lambda *_: stop.set())
    return stop


def _config_path(config: Optional[Path]) -> Path:
    from .ingest.sources_config import default_path

    return config or default_path()


def _load_watch_config(config: Optional[Path]):
    from .ingest.sources_config import ConfigError, load_config

    try:
        return load_config(_config_path(config))
    except ConfigError as error:
        _exit_with(error)


class SourceKind(str, Enum):
    feed = "feed"
    sitemap = "sitemap"
    index = "index"


@sources_app.command("add")
def sources_add(
    name: Annotated[str, typer.Argument(help="A short name (letters, digits, '.', '-', '_').")],
    url: Annotated[str, typer.Argument(help="The feed's, sitemap's or index page's http(s) URL.")],
    kind: Annotated[SourceKind, typer.Option(help="feed: RSS/Atom; sitemap; index: an HTML page of article links.")] = SourceKind.feed,
    interval: Annotated[float, typer.Option(help="Seconds between two polls.", min=0.001)] = 600.0,
    links: Annotated[Optional[str], typer.Option(help="Index pages: a regular expression article links must match.")] = None,
    config: ConfigOption = None,
) -> None:
    """Add a source to watch."""
    from .ingest.sources_config import ConfigError, Source, add_source

    try:
        add_source(_config_path(config), Source(name, url, kind.value, interval, links))
    except ConfigError as error:
        _exit_with(error)
    typer.echo(f"added {name} ({kind.value}, every {interval:g} s) to {_config_path(config)}", err=True)


@sources_app.command("remove")
def sources_remove(
    name: Annotated[str, typer.Argument(help="The source's name.")],
    config: ConfigOption = None,
) -> None:
    """Stop watching a source (what it gave stays in the store)."""
    from .ingest.sources_config import ConfigError, remove_source

    try:
        remove_source(_config_path(config), name)
    except ConfigError as error:
        _exit_with(error)
    typer.echo(f"removed {name} from {_config_path(config)}", err=True)


@sources_app.command("list")
def sources_list(
    config: ConfigOption = None,
    db: DbOption = None,
    output_format: Annotated[TallyFormat, typer.Option("--format")] = TallyFormat.table,
) -> None:
    """The watched sources and their health: last success, last error, items stored, pending, lag."""
    from .ingest.watch_health import health_rows, print_health

    rows = health_rows(_load_watch_config(config).sources, _watch_health(db))
    print_health(rows, output_format.value)


def _watch_health(db: Optional[str]) -> dict:
    """The watch state in the store; empty when there is no store yet, or it has none."""
    from sqlalchemy.exc import SQLAlchemyError

    from .ingest.watch_state import health
    from .store.database import StoreError, open_store

    try:
        engine = open_store(db, read_only=True)
    except StoreError:
        return {}
    try:
        return health(engine)
    except SQLAlchemyError:  # a store without the watch tables: nothing was polled into it
        return {}
    finally:
        engine.dispose()


def _exit_with(error: Exception) -> NoReturn:
    """End the command with the error's one line (exit status 1)."""
    typer.echo(f"warmonitor: {error}", err=True)
    raise typer.Exit(1)


def _open_store(db: Optional[str], read_only: bool = False):
    from .store.database import StoreError, open_store

    try:
        return open_store(db, read_only=read_only)
    except StoreError as error:
        _exit_with(error)


@gazetteer_app.command("load")
def gazetteer_load(
    path: Annotated[Path, typer.Argument(help="A GeoNames country dump: XX.txt, or the XX.zip that holds it.")],
) -> None:
    """Index a GeoNames dump already on disk (every village, district and area it lists)."""
    _index_dump(path)


@gazetteer_app.command("fetch")
def gazetteer_fetch(
    country: Annotated[str, typer.Argument(help="Two-letter country code, e.g. SY.")],
) -> None:
    """Download GeoNames' dump of COUNTRY and index it (needs internet)."""
    from .resolve.geonames import GazetteerError, fetch_dump
    from .settings import data_home

    try:
        path = fetch_dump(country, data_home() / "geonames")
    except GazetteerError as error:
        _exit_with(error)
    _index_dump(path)


@gazetteer_app.command("info")
def gazetteer_info() -> None:
    """Where the gazetteer index is and how many places it holds, by origin."""
    from .resolve.gazetteer import gazetteer_counts, index_path

    typer.echo(f"index: {index_path()}")
    for origin, count in gazetteer_counts().items():
        typer.echo(f"{origin}: {count} places")


def _index_dump(path: Path) -> None:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from .resolve.gazetteer import index_path, load_places
    from .resolve.geonames import DumpStats, GazetteerError, read_dump

    stats = DumpStats()
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True, console=Console(stderr=True)) as bar:
            bar.add_task(f"indexing {path.name}", total=None)
            count = load_places(read_dump(path, stats), origin=f"dump:{path.name}")
    except GazetteerError as error:
        _exit_with(error)
    skipped = f"; {stats.skipped} malformed rows skipped ({stats.first_skip})" if stats.skipped else ""
    typer.echo(f"indexed {count} places from {path} into {index_path()}{skipped}")


def _documents(
    inputs: list[str], columns: "CorpusColumns", published: Optional[date], follow_symlinks: bool = False
) -> "Iterator[Document | None]":
    """Each input's documents; None for an input that could not be read (its reason is on stderr)."""
    from .ingest import IngestError, read_input

    for source in inputs:
        try:
            yield from read_input(source, columns=columns, published=published, follow_symlinks=follow_symlinks)
        except IngestError as error:
            typer.echo(f"warmonitor: {error}", err=True)
            yield None


def _reports(
    inputs: list[str], columns: "CorpusColumns", published: Optional[date], follow_symlinks: bool = False, *,
    workers: int = 1, written: "Optional[Callable[[Report], str]]" = None,
) -> "Iterator[Report | str | ReadFailed | None]":
    """Each input's reports, read on ``workers`` processes, in input order (each as
    ``written`` of it when given: its JSON line); None for an input that could not be
    read, ReadFailed for a report whose reading failed."""
    from .workers import read_reports

    yield from read_reports(_documents(inputs, columns, published, follow_symlinks), workers, written)


def _workers(asked: Optional[int]) -> int:
    from .workers import default_workers

    return asked or default_workers()


@contextmanager
def _fewer_collections() -> "Iterator[None]":
    """Let the cyclic garbage collector run less often while reports are read (and, by
    ``ingest``, stored). Reading makes millions of short-lived objects (tokens, spans,
    claims) and almost no cycles, yet with CPython's default thresholds the collector
    went over every object kept so far again and again: 18 % of the CPU time of a 4 MB
    report (docs/scale.md), 0.6 of the 16 CPU s of an ingest of fa-kes on one worker. What
    start-up made (modules, Typer) is frozen, never scanned again, and the young
    generation is collected every 10,000 allocations rather than 700, so that fewer
    objects live long enough to reach the older generations. Cycles are still collected;
    the defaults come back at the end (a test calling the command goes on as before)."""
    import gc

    from .workers import READING_GC_THRESHOLDS

    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*READING_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _emit(reports: "Iterator[Report | str | ReadFailed | None]") -> int:
    """Print reports: JSON lines (``_reports``' ``written``) as they come, reports as a
    table at the end; return how many inputs failed."""
    from .workers import ReadFailed

    failures = 0
    for_table = []
    for report in reports:
        if report is None:
            failures += 1
        elif isinstance(report, ReadFailed):
            typer.echo(f"warmonitor: {report.document_id}: not read: {report.error}", err=True)
            failures += 1
        elif isinstance(report, str):
            sys.stdout.write(report)
            sys.stdout.write("\n")  # not `line + "\n"`: a copy of a long report's line
        else:
            for_table.append(report)
    if for_table:
        from .publish.table import print_reports  # Rich: only for a table

        print_reports(for_table)
    sys.stdout.flush()
    return failures


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - last line of defence, reported in one line
        typer.echo(f"warmonitor: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(2)
