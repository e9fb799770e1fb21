"""`promisewatch` — the command line. Each command parses, calls one service, renders, exits."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from telegram.error import TelegramError

from bot import batch
from trackers.errors import PromiseWatchError, UsageError
from trackers.settings import Settings, masked_url


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from exc


def _read_lines(path: str) -> list[bytes]:
    """Raw lines, split on newline only: each is decoded on its own, so one bad line spoils only itself."""
    if path == "-":
        return sys.stdin.buffer.read().split(b"\n")
    try:
        return Path(path).read_bytes().split(b"\n")
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}", key="unreadable_file", source=path,
                         reason_text=exc.strerror or str(exc)) from exc


def _print_batch(path: str, handle: Callable[[dict], dict]) -> int:
    for line in batch.run(_read_lines(path), handle):
        print(line, flush=False)
    sys.stdout.flush()
    return 0


# ---------------------------------------------------------------- pure commands
def cmd_deadline(args: argparse.Namespace) -> int:
    if args.batch:
        return _print_batch(args.batch, batch.deadline_line)
    if not args.phrase:
        raise UsageError("give a phrase, or --batch FILE", key="phrase_missing")
    from bot.render import Renderer
    from trackers.extract.deadlines import resolve_phrase

    resolved = resolve_phrase(" ".join(args.phrase), args.ref)
    print(Renderer().render(args.lang, "cli/deadline.txt.j2", resolved=resolved))
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    if args.batch:
        return _print_batch(args.batch, batch.extract_line)
    if not args.files:
        raise UsageError("give one or more files, or --batch FILE", key="files_missing")
    from bot.render import Renderer, describe
    from trackers.documents import load_document
    from trackers.extract.pipeline import extract

    renderer = Renderer()
    limits = Settings().parse_limits()
    failed = 0
    for name in args.files:
        try:
            doc = load_document(Path(name), limits)
            ref = args.date or doc.fields.activity_date
            if ref is None:
                raise UsageError(f"{name}: no date found in the document; pass --date YYYY-MM-DD", key="no_date",
                                 source=name)
        except PromiseWatchError as exc:
            print(renderer.render(args.lang, "cli/error.txt.j2", message=describe(renderer, args.lang, exc)),
                  file=sys.stderr)
            failed += 1
            continue
        if doc.replaced:
            print(renderer.render(args.lang, "cli/replaced.txt.j2", source=name, count=doc.replaced), file=sys.stderr)
        drafts = extract(doc.text, ref)
        if args.format == "json":
            print(json.dumps({"file": name, "doc_date": ref.isoformat(),
                              "commitments": [batch.draft_json(d) for d in drafts]}, ensure_ascii=False))
        else:
            print(renderer.render(args.lang, "cli/extract.txt.j2", source=name, doc_date=ref, drafts=drafts))
    return 1 if failed else 0


def cmd_judge(args: argparse.Namespace) -> int:
    if not args.batch:
        raise UsageError("judge takes --batch FILE (lines: {id, commitment, later_filing})", key="judge_batch")
    return _print_batch(args.batch, batch.judge_line)


# ---------------------------------------------------------------- parser
def _version() -> str:
    try:
        return metadata.version("promisewatch")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="promisewatch", description="Keep score of companies' dated promises.")
    parser.add_argument("--lang", choices=["en", "zh"], default=os.environ.get("PROMISEWATCH_LANG", "en"),
                        help="language of the output (default: $PROMISEWATCH_LANG or en)")
    parser.add_argument("--version", action="version", version=f"promisewatch {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("deadline", help="resolve a deadline phrase against a reference date")
    p.add_argument("phrase", nargs="*")
    p.add_argument("--ref", type=_date_arg, default=None, help="the document's date (default: today)")
    p.add_argument("--batch", metavar="IN.jsonl", help='lines {"id", "phrase", "ref_date"}')
    p.set_defaults(func=cmd_deadline)

    p = sub.add_parser("extract", help="show the dated commitments a filing makes")
    p.add_argument("files", nargs="*")
    p.add_argument("--date", type=_date_arg, help="the document's date, when the file does not say")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--batch", metavar="IN.jsonl", help='lines {"id", "text", "doc_date"}')
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("judge", help="judge commitments against later filings")
    p.add_argument("--batch", metavar="IN.jsonl", required=False)
    p.set_defaults(func=cmd_judge)

    from bot import cli_store

    cli_store.register(sub)
    for command in sub.choices.values():  # `promisewatch status 300253 --lang zh` means the same as before it
        command.add_argument("--lang", choices=["en", "zh"], default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "ref", "unset") is None:
        from trackers.clock import SystemClock

        args.ref = SystemClock("Asia/Shanghai").today()
    try:
        return int(args.func(args))
    except PromiseWatchError as exc:
        from bot.render import Renderer, describe

        print(Renderer().render(args.lang, "cli/error.txt.j2", message=describe(Renderer(), args.lang, exc)),
              file=sys.stderr)
        return 2
    except ValidationError as exc:  # the configuration: one line per bad key, what it should be
        for error in exc.errors():
            key = str(error["loc"][0]).upper() if error["loc"] else "settings"
            print(f"configuration: {key}: {str(error['msg']).removeprefix('Value error, ')}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        return _database_failed(exc, args.lang)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `status 300253 | head -1`: the reader left; stop quietly, as other tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit would hit the closed pipe again
        return 141
    except TelegramError as exc:  # the Bot API at start: one line, the token never in it
        return _telegram_failed(exc, args.lang)


# what the driver's words mean for the operator: the first that matches names the fault
_DATABASE_FAULTS = (("busy", ("locked", "busy")), ("read_only", ("readonly", "read-only", "read only")),
                    ("disk_full", ("disk is full", "no space left", "disk full")),
                    ("cannot_open", ("unable to open database file",)),
                    ("timeout", ("timeout expired", "timed out")))


def _database_failed(exc: OperationalError, lang: str) -> int:
    """One line naming what is wrong with the database — busy, read-only, full, not openable, not answering, or
    not reachable — in the reader's language."""
    from bot.render import Renderer

    reason = str(exc.orig or exc).strip().splitlines()[0][:200]
    fault = next((name for name, words in _DATABASE_FAULTS if any(w in reason.lower() for w in words)),
                 "unreachable")
    url = masked_url(str(os.environ.get("DATABASE_URL") or "the configured database"))
    print(Renderer().render(lang, "cli/database_error.txt.j2", fault=fault, url=url, reason=reason), file=sys.stderr)
    return 2


def _telegram_failed(exc: Exception, lang: str) -> int:
    """A rejected token or an unreachable Bot API, as one line in the reader's language and its exit status."""
    from telegram.error import InvalidToken

    from bot import secrets
    from bot.handlers.common import TELEGRAM_UNREACHABLE, TOKEN_REJECTED
    from bot.render import Renderer

    rejected = isinstance(exc, InvalidToken) or "unauthorized" in str(exc).lower()
    key = "token_rejected" if rejected else "telegram_unreachable"
    reason = secrets.redact(str(exc)).splitlines()[0][:160] if str(exc) else type(exc).__name__
    print(Renderer().render(lang, f"cli/{key}.txt.j2", reason=reason), file=sys.stderr)
    return TOKEN_REJECTED if rejected else TELEGRAM_UNREACHABLE


if __name__ == "__main__":
    sys.exit(main())
