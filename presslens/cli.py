"""Command line: ``presslens ingest|export|stats`` (the contract in DESIGN.md)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from tqdm import tqdm

from presslens import __version__
from presslens.config import TRANSLATORS, Settings, load_settings
from presslens.export import export_to_file, iter_records, write_records
from presslens.models import Rejection
from presslens.pipeline import ingest_paths, reprocess_entities
from presslens.store import Store, StoreError
from presslens.translate import translate_articles

T = TypeVar("T")

EXIT_OK = 0
EXIT_REJECTED = 1  # some inputs rejected; the others were stored
EXIT_USAGE = 2  # argparse's own code for bad arguments
EXIT_STORE = 3  # the store could not be opened or written


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presslens",
        description="Turn articles in any language into a processed, searchable store.",
    )
    parser.add_argument("--version", action="version", version=f"presslens {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    db_help = "store: SQLAlchemy URL or SQLite file path (default: $PRESSLENS_DB or data/presslens.db)"

    p = sub.add_parser("ingest", help="read files and folders into the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
    p.add_argument("--db", help=db_help)
    p.add_argument("--no-translate", action="store_true", help="store originals only; translate later")
    p.add_argument(
        "--translator", choices=TRANSLATORS, help="translation provider (default: $PRESSLENS_TRANSLATOR or google)"
    )
    p.add_argument("--max-file-mb", type=float, metavar="MB", help="size limit per document (default 10)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("translate", help="translate pending articles (retry after a failure)")
    p.add_argument("--db", help=db_help)
    p.add_argument(
        "--translator", choices=TRANSLATORS, help="translation provider (default: $PRESSLENS_TRANSLATOR or google)"
    )
    p.add_argument("--retry-failed", action="store_true", help="also retry articles marked failed")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser(
        "reprocess", help="re-run entity and event extraction (after editing data/actors or data/event_types.yaml)"
    )
    p.add_argument("--db", help=db_help)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("export", help="write every article as a contract record")
    p.add_argument("--db", help=db_help)
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--out", type=Path, metavar="FILE", help="output file (default: standard output)")

    p = sub.add_parser("stats", help="what the store holds")
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def _open_store(settings: Settings, *, create: bool) -> Store:
    return Store(settings.db_url, create=create)


def _refresh_snapshot(store: Store) -> None:
    """Rebuild the dashboard's snapshot of an SQLite store after a write, when the dashboard uses one.

    Then the dashboard's next cold start reads Parquet, not 2 M rows of SQL. Only where a
    snapshot folder exists already (a dashboard has opened this store); never fatal.
    """
    from presslens.analytics import load_frames, snapshot_dir_for

    folder = snapshot_dir_for(store)
    if folder is None or not folder.is_dir():
        return
    try:
        load_frames(store)
    except Exception as exc:  # noqa: BLE001 - the data is stored; only the dashboard's shortcut is missing
        print(f"presslens: dashboard snapshot not refreshed ({type(exc).__name__}: {exc})", file=sys.stderr)


def _cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    if args.max_file_mb is not None:
        if args.max_file_mb <= 0:
            print("presslens: --max-file-mb must be positive", file=sys.stderr)
            return EXIT_USAGE
        settings = replace(settings, max_file_bytes=int(args.max_file_mb * 1024 * 1024))
    store = _open_store(settings, create=True)

    def on_reject(rej: Rejection) -> None:
        tqdm.write(f"rejected: {rej}", file=sys.stderr)

    def progress(files: Iterable[T]) -> Iterable[T]:
        # disable=None: no bar when stderr is not a terminal (CI logs, pipes).
        return tqdm(files, desc="ingest", unit="file", file=sys.stderr, disable=True if args.quiet else None)

    try:
        report = ingest_paths(args.paths, store, settings, on_reject=on_reject, progress=progress)
        print(report.summary())
        if not args.no_translate and report.ingested_ids:
            # Originals are stored already: translation can only add, never block ingestion.
            _translate(store, settings, report.ingested_ids, quiet=args.quiet, retry_failed=False)
        if report.ingested_ids:
            _refresh_snapshot(store)
    finally:
        store.close()
    return EXIT_OK if report.ok else EXIT_REJECTED


def _translate(store: Store, settings: Settings, ids: list[str] | None, *, quiet: bool, retry_failed: bool) -> None:
    bars: list[Any] = []

    def progress(total: int) -> Callable[[], None]:
        bar = tqdm(total=total, desc="translate", unit="article", file=sys.stderr, disable=True if quiet else None)
        bars.append(bar)

        def tick() -> None:
            bar.update()

        return tick

    try:
        report = translate_articles(
            store,
            settings.translation,
            ids,
            retry_failed=retry_failed,
            progress=progress,
            actors_dir=settings.actors_dir,
        )
    finally:
        for bar in bars:
            bar.close()
    if settings.translation.provider == "none":
        print("translation skipped (provider 'none'): articles stay pending", file=sys.stderr)
        return
    for article_id, reason in sorted(report.failed.items()):
        print(f"translation failed: {article_id}: {reason}", file=sys.stderr)
    reasons = sorted(set(report.pending.values()))
    if reasons:
        print(
            f"translation pending for {len(report.pending)} article(s) (retry with `presslens translate`): "
            + "; ".join(reasons[:3]),
            file=sys.stderr,
        )
    print(report.summary())


def _cmd_translate(args: argparse.Namespace, settings: Settings) -> int:
    store = _open_store(settings, create=False)
    try:
        _translate(store, settings, None, quiet=args.quiet, retry_failed=args.retry_failed)
        _refresh_snapshot(store)
    finally:
        store.close()
    return EXIT_OK


def _cmd_reprocess(args: argparse.Namespace, settings: Settings) -> int:
    store = _open_store(settings, create=False)

    def progress(ids: Iterable[T]) -> Iterable[T]:
        return tqdm(ids, desc="reprocess", unit="article", file=sys.stderr, disable=True if args.quiet else None)

    try:
        report = reprocess_entities(store, settings, progress=progress)
        _refresh_snapshot(store)
    finally:
        store.close()
    for failure in report.failed:
        print(f"reprocess failed: {failure}", file=sys.stderr)
    print(f"reprocessed {report.articles} article(s): {report.mentions} mentions; failed {len(report.failed)}")
    return EXIT_OK if not report.failed else EXIT_REJECTED


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    store = _open_store(settings, create=False)
    try:
        if args.out:
            n = export_to_file(store, args.out, args.format)
            print(f"exported {n} article(s) to {args.out}", file=sys.stderr)
        else:
            write_records(iter_records(store), sys.stdout, args.format)
    finally:
        store.close()
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    store = _open_store(settings, create=False)
    try:
        stats = store.stats()
    finally:
        store.close()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return EXIT_OK
    span = f"{stats['published_first']} to {stats['published_last']}" if stats["published_first"] else "no dates"
    lines = [
        f"store       {settings.db_url} (schema v{stats['schema_version']})",
        f"articles    {stats['articles']}  ({stats['sentences']} sentences, {stats['words']} words)",
        "languages   " + (", ".join(f"{k} {v}" for k, v in stats["languages"].items()) or "-"),
        "sources     " + (", ".join(f"{k} {v}" for k, v in list(stats["sources"].items())[:10]) or "-"),
        f"published   {span}",
        "translation " + (", ".join(f"{k} {v}" for k, v in stats["translations"].items()) or "-"),
    ]
    print("\n".join(lines))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="presslens: %(levelname)s: %(message)s")
    try:
        settings = load_settings().with_db(args.db)
    except ValueError as exc:
        print(f"presslens: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if getattr(args, "translator", None):
        settings = replace(settings, translation=replace(settings.translation, provider=args.translator))
    commands = {
        "ingest": _cmd_ingest,
        "translate": _cmd_translate,
        "reprocess": _cmd_reprocess,
        "export": _cmd_export,
        "stats": _cmd_stats,
    }
    try:
        return commands[args.command](args, settings)
    except StoreError as exc:
        print(f"presslens: {exc}", file=sys.stderr)
        return EXIT_STORE
    except BrokenPipeError:  # `presslens export | head`
        return EXIT_OK
