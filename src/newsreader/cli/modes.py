"""The CLI's modes: load and filter an archive, then list, export, outline or read.

Kept apart from argument parsing so each mode is a short function over core
records; only :func:`run_reader` imports the Textual UI.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.cli.args import CliError
from newsreader.cli.output import send, standard_output
from newsreader.cli.progress import progress_bar
from newsreader.core.archive.filters import Criteria, field_terms, parse_cli_date, select
from newsreader.core.index.records import hit_json, post_json, post_record, text_line
from newsreader.core.model import FROM_DEFAULTS, Archive, Post, Problem
from newsreader.core.text.safe import all_printable, clean, clean_line, escape_json, is_clean
from newsreader.samples import sample_archive

if TYPE_CHECKING:
    from newsreader.cli.settings import Settings
    from newsreader.core.archive.discovery import Walked
    from newsreader.core.index.listing import Streamed
    from newsreader.ui.options import ReaderOptions


def archive_root(args: argparse.Namespace) -> Path:
    """The archive the user named, checked to exist (CliError otherwise)."""
    root: Path = args.archive if args.archive is not None else sample_archive()
    if not root.exists():
        raise CliError(f"no such archive: {root}")
    kind = _special_kind(root)
    if kind is not None:
        raise CliError(f"{root}: not a folder or a post file ({kind})")
    return root


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _special_kind(path: Path) -> str | None:
    """What ``path`` is when it is neither a folder nor a regular file, else None.

    Such an argument would be walked as a folder and fail as one, far from
    the cause (or read forever, as ``/dev/zero``); it is a usage error.
    """
    try:
        mode = path.stat().st_mode
    except OSError:  # gone since it was found: the load says so
        return None
    return next((kind for test, kind in _SPECIAL_KINDS if test(mode)), None)


def criteria_from(args: argparse.Namespace) -> Criteria:
    """Build the core's filter criteria from the parsed arguments."""
    today = partial(_archive_today, args)
    try:
        since = parse_cli_date(args.since, today) if args.since else None
        until = parse_cli_date(args.until, today) if args.until else None
    except ValueError as error:
        raise CliError(str(error)) from None
    if since is not None and until is not None and since > until:
        raise CliError(f"--since {args.since} is after --until {args.until}: no post can match")
    return Criteria(
        categories=tuple(args.category),
        tags=tuple(args.tag),
        since=since,
        until=until,
        unpublished=args.unpublished,
        post=args.post,
    )


def _archive_today(args: argparse.Namespace) -> date:
    """Today in the archive's zone (``_config.yml``'s ``timezone``), for ``--since 7d``."""
    from newsreader.core.archive.config import read_config
    from newsreader.core.archive.dates import today_in

    root = archive_root(args)
    if root.is_file():  # one post reads no _config.yml, as the loader reads it
        return today_in(None)
    config, _problems = read_config(root)  # its problems are the loader's to report
    return today_in(config.timezone)


def known_criteria(archive: Archive, criteria: Criteria) -> Criteria:
    """The criteria in the archive's own names; a name that names nothing is a CliError.

    Categories may be typed by slug or by the name the reader shows, tags in
    any case or width (:mod:`newsreader.core.archive.naming`). A known name
    that selects no post is not an error: the listing is simply empty.
    """
    from newsreader.core.archive.naming import resolve_criteria

    resolved, unknown = resolve_criteria(archive, criteria)
    if unknown:
        raise CliError("\nnewsreader: ".join(map(str, unknown)))
    return resolved


def check_search(args: argparse.Namespace) -> None:
    """Refuse a ``--search`` query with nothing to search for, before any loading.

    The query means what it means everywhere (:mod:`newsreader.core.index.query`);
    an empty one is refused like ``!!!``, not taken as no filter.

    Raises:
        NoSearchableTerm: The query holds no letter, digit or ideograph.
    """
    if args.search is not None:
        from newsreader.core.index.query import parse_query

        parse_query(args.search)
        _refuse_filter_terms(args.search)


_FILTER_OPTIONS = {"tag": "--tag", "cat": "--category", "since": "--since", "until": "--until"}
"""The reader's filter fields (``tag:`` …) and the options that say the same here."""


def _refuse_filter_terms(query: str) -> None:
    """A ``tag:``/``cat:``/``since:``/``until:``/``is:`` term is the reader's filter, not text.

    Searched as text it matched nothing and the run printed nothing, which a
    morning's script reads as "no news". So it is a usage error naming the
    option that filters the same way (read state, ``is:``, is the reader's
    alone); a phrase in quotes (``'"tag:x"'``) is still searched as written.

    Raises:
        CliError: The query holds such a term outside quotes.
    """
    for term, field, value in field_terms(query):
        _refuse(term, field, value)


def _refuse(term: str, field: str, value: str) -> None:
    """Raise the usage error for one filter term typed as search text."""
    option = _FILTER_OPTIONS.get(field)
    if option is None:
        hint = "read state is the reader's: filter its list with it (/ in the list)"
    else:
        hint = f"use {option} {shlex.quote(clean_line(value)) if value else 'VALUE'}"
    raise CliError(f"--search finds words, and {clean_line(term)!r} is a filter: {hint}")


def run_batch(args: argparse.Namespace) -> int:
    """Run ``--list``, ``--export`` or ``--outline`` and report problems."""
    from newsreader.core.index.metadata import load_indexed

    check_search(args)
    root = archive_root(args)
    if not (args.export and args.output is not None):
        standard_output()  # a closed stdout fails now, not after loading the archive
    written: set[str] = set()  # search hits a stream wrote before it failed
    streamed = _stream_listing(root, args, written)
    earlier: list[str] = []  # what the first try met (an index rebuilt), said once at the end
    if streamed is not None and not streamed.done and not written:  # (a stream cut short: load)
        earlier = streamed.notices
        streamed = _stream_after_update(root, args, written, streamed.walked)
    if streamed is not None and streamed.done:
        report(streamed.problems, [*earlier, *streamed.notices])
        return 1 if args.strict and streamed.problems else 0
    with progress_bar("reading posts") as progress:
        loaded = load_indexed(root, use_cache=not args.no_cache, progress=progress)
    archive = loaded.archive
    notices = [*earlier, *(streamed.notices if streamed else ()), *loaded.notices]
    posts = select(archive.posts, known_criteria(archive, criteria_from(args)))
    problems = list(archive.problems)
    if args.search is not None and args.list and args.json:
        _stream_hits(root, archive, posts, args, notices, loaded.json_lines, written)
    else:
        if args.search is not None:
            posts = _search(root, archive, posts, args, notices)
        problems += _write_mode(archive, posts, loaded.json_lines, args)
    report(problems, notices)
    return 1 if args.strict and problems else 0


def _write_mode(
    archive: Archive, posts: list[Post], ready: Mapping[str, str], args: argparse.Namespace
) -> list[Problem]:
    """Write the selected posts in the mode asked for; the problems opening them met."""
    if args.list:
        write_lines(list_lines(posts, as_json=args.json, ready=ready if args.json else None))
        return []
    if args.outline:
        return write_outlines(archive, posts, as_json=args.json)
    if args.output is not None:
        return export_to_dir(archive, posts, args)
    return export_to_stdout(archive, posts, None if args.no_wrap else args.width)


def _stream_listing(
    root: Path,
    args: argparse.Namespace,
    written: set[str],
    discovered: list[Problem] | None = None,
) -> Streamed | None:
    """``--list`` (and ``--search Q --list``, text or JSON) straight from a fresh index.

    Its lines and problems are the full load's; a stale or missing index
    writes nothing, and the caller loads (and so updates) it. None: it
    cannot be streamed (no cache, or names to resolve). ``written`` gets the
    paths of the search hits written, should the stream fail midway.
    """
    if not args.list or args.no_cache:
        return None
    criteria = criteria_from(args)
    if criteria.categories or criteria.tags or criteria.post:
        return None  # names are resolved, and unknown ones refused, against the loaded archive
    from newsreader.core.index.listing import stream_listing
    from newsreader.core.index.query import parse_query

    query = None if args.search is None else parse_query(args.search)
    # Lines going to the terminal show the work themselves; a bar would garble them.
    with progress_bar("locating hits", shown=not sys.stdout.isatty()) as progress:
        return stream_listing(
            root,
            criteria,
            write_lines,
            as_json=args.json,
            query=query,
            written=written,
            discovered=discovered,
            progress=progress,
        )


def _stream_after_update(
    root: Path, args: argparse.Namespace, written: set[str], walked: Walked | None = None
) -> Streamed | None:
    """``--list`` of a stale index: update its rows a batch at a time, then stream them.

    A full load would hold every post at once to build the archive (368 MB
    for a cold listing of 10^5 posts, 540 MB for a cold search); the rows,
    and a search's full text, need one batch or chunk at a time. None when
    the index could not be updated (the caller loads, and says why).
    ``walked``: the failed freshness check's walk, which the update starts from.
    """
    from newsreader.core.index.rows import update_rows, update_texts

    with progress_bar("reading posts") as progress:
        updated = update_rows(root, progress=progress, walked=walked)
    if updated is None:
        return None
    if args.search is not None:
        with progress_bar("indexing text") as progress:
            if not update_texts(root, progress=progress):
                return None
    streamed = _stream_listing(root, args, written, updated.skipped)  # no second walk
    if streamed is not None:
        streamed.notices[:0] = updated.notices
    return streamed


def _stream_hits(
    root: Path,
    archive: Archive,
    posts: list[Post],
    args: argparse.Namespace,
    notices: list[str],
    ready: Mapping[str, str],
    written: set[str],
) -> None:
    """``--search Q --list --json``: each selected hit's line written as the search makes it.

    The hits come a chunk at a time (:func:`~newsreader.core.index.search.stream_search`),
    so memory stays bounded however many posts match; a line already written
    is not written again should the search start over without the index.
    ``ready`` holds the JSON lines the index stored, by path: a hit's line is
    its post's line with the snippet and section added. ``written`` holds
    the paths of lines already written (by a stream from the index that failed).
    """
    from newsreader.core.index.search import Hit, stream_search

    selected = {post.path: post for post in posts}

    def lines(hits: Iterator[Hit]) -> Iterator[str]:
        for hit in hits:
            post = selected.get(hit.path)
            if post is not None and hit.path not in written:
                written.add(hit.path)
                yield _hit_line(post, hit.snippet, hit.section, _stored_line(ready, post))

    with progress_bar("indexing text") as progress:
        stream_search(
            root,
            archive,
            args.search,
            lambda hits: write_lines(lines(hits)),
            use_cache=not args.no_cache,
            notices=notices,
            progress=progress,
        )


def _hit_line(post: Post, snippet: str, section: tuple[str, ...], line: str | None = None) -> str:
    """A search hit's ``--list --json`` line: the post's record, its snippet and section.

    ``line`` is the post's own stored line (``--list --json``'s), when the
    index has it (:func:`~newsreader.core.index.records.hit_json` adds the keys to it).
    """
    if line is None or not line.endswith("}") or line == "{}":
        record = post_record(post)
        record["snippet"], record["section"] = snippet, list(section)
        return escape_json(json.dumps(record, ensure_ascii=False))
    return hit_json(line, snippet, section)


def _search(
    root: Path, archive: Archive, posts: list[Post], args: argparse.Namespace, notices: list[str]
) -> list[Post]:
    """Keep only posts matching the query, best match first.

    Only ``--list --json`` shows each hit's snippet and section (streamed,
    :func:`_stream_hits`); every other mode asks the index for the matching
    paths alone, which is much cheaper when a query matches thousands.
    """
    from newsreader.core.index.search import in_rank_order, matching_paths

    with progress_bar("indexing text") as progress:
        paths = matching_paths(
            root,
            archive,
            args.search,
            use_cache=not args.no_cache,
            notices=notices,
            progress=progress,
        )
    return in_rank_order(posts, paths)


def list_lines(
    posts: Iterable[Post],
    *,
    as_json: bool,
    ready: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """One line per post: ``date  categories  title``, or a JSON object.

    Args:
        posts: The posts to list, in order.
        as_json: JSON Lines (:func:`post_record`) instead of text lines.
        ready: JSON lines the index stored, by path: equal to what this
            would encode, and a warm listing's biggest saving.
    """
    if not as_json:
        yield from map(text_line, posts)
        return
    cached = ready or {}
    for post in posts:
        yield escape_json(_stored_line(cached, post) or post_json(post))


def _stored_line(ready: Mapping[str, str], post: Post) -> str | None:
    """The JSON line the index stored for ``post``, if it still says what the post is.

    A stored line says what the front matter says; a post the load made
    unpublished because it is dated in the future is published there, so an
    unpublished post's line (rare) is written afresh.
    """
    return ready.get(post.path) if post.published else None


def write_outlines(archive: Archive, posts: Iterable[Post], *, as_json: bool) -> list[Problem]:
    """Print each post's outline: JSON Lines for every post, text for those with headings.

    A morning's flash posts have none: as text each was a title line and two
    blank ones, 500 lines around the three posts that have an outline. When
    no post selected has one, stderr says so, so that nothing printed is not
    taken for a failure.
    """
    from newsreader.core.document.open import open_document
    from newsreader.core.export.render import outline_json, outline_text

    problems: list[Problem] = []
    selected = shown = 0
    for post in posts:
        document, found = open_document(archive, post)
        problems += found
        selected += 1
        if as_json:
            record = {"path": post.path, "title": post.title, "outline": outline_json(document)}
            write_lines([escape_json(json.dumps(record, ensure_ascii=False))])
        elif document.outline:
            shown += 1
            write_lines([f"# {post.title}  ({post.path})", outline_text(document).rstrip("\n"), ""])
    if selected and not shown and not as_json:
        sys.stderr.write(f"newsreader: no headings in the {selected} post(s) selected\n")
    return problems


def export_to_stdout(archive: Archive, posts: Iterable[Post], width: int | None) -> list[Problem]:
    """Write every post as plain text to stdout, separated by form-feed lines."""
    from newsreader.core.document.open import open_document
    from newsreader.core.export.render import FORM_FEED_SEPARATOR, export_post

    out, problems = standard_output(), list[Problem]()
    for index, post in enumerate(posts):
        document, found = open_document(archive, post)
        problems += found
        separator = FORM_FEED_SEPARATOR if index else ""
        send(out, separator + export_post(post, document, width=width), flush=False)
    send(out, "")  # (flushes)
    return problems


def export_to_dir(archive: Archive, posts: list[Post], args: argparse.Namespace) -> list[Problem]:
    """Write one ``.txt`` per post under ``-o DIR``; refuse to overwrite without --force.

    Every target is planned and checked before the first write, and each file
    is rendered only when its turn comes, so a refusal writes nothing and a
    failure midway (a full disk) leaves only complete files.
    """
    from newsreader.core.document.open import open_document
    from newsreader.core.export.render import export_post
    from newsreader.core.export.targets import Target, plan_targets, write_targets

    targets = plan_targets(archive.root, posts, args.output, force=args.force)
    width = None if args.no_wrap else args.width
    problems: list[Problem] = []

    def rendered() -> Iterator[tuple[Target, str]]:
        for target in targets:
            document, found = open_document(archive, target.post)
            problems.extend(found)
            yield target, export_post(target.post, document, width=width)

    written = write_targets(archive.root, args.output, rendered())
    print(f"wrote {written} file(s) under {args.output}", file=sys.stderr)
    return problems


_WRITE_CHUNK = 1024
"""Lines a write call takes at most (one call a line cost seconds at 10^6 lines)."""


def write_lines(lines: Iterable[str]) -> None:
    """Write lines to stdout, stripped of any control character a post carried.

    The first line is written and flushed alone, then chunks four times
    larger each, up to :data:`_WRITE_CHUNK`: a stream whose lines come slowly
    (a ``--json`` search locating its hits) reaches a pipe (``| head``) as
    it is made, and a long listing still costs few calls. Should ``lines``
    fail midway, those it gave before are written: a search streaming its
    hits counts every line it handed on as written.

    Raises:
        OutputFailed: Stdout is closed, or a write failed (a full disk).
    """
    out, chunk, size = standard_output(), list[str](), 1
    try:
        for line in lines:
            chunk.append(line)
            if len(chunk) >= size:
                # the first lines leave at once, not when a buffer fills
                send(out, _cleaned(chunk), flush=size < _WRITE_CHUNK)
                chunk.clear()
                size = min(size * 4, _WRITE_CHUNK)
    finally:
        send(out, _cleaned(chunk))


def _cleaned(lines: list[str]) -> str:
    """``lines`` cleaned, one per text line, in one scan when none holds a control character.

    Nearly every chunk is already clean, and one scan tells: each line's
    ``isprintable`` (:func:`~newsreader.core.text.safe.all_printable`), else
    the joined chunk's regex (a tab is not printable, yet clean). A chunk
    that holds a control character is cleaned line by line.
    """
    if not lines:
        return ""
    text = "\n".join(lines) + "\n"
    if all_printable(lines) or is_clean(text):
        return text
    return "".join(f"{clean(line)}\n" for line in lines)


DEFAULTS_SHOWN = 3
"""Posts named for one problem that comes from ``_config.yml``'s defaults; the rest are counted."""


def report(problems: list[Problem], notices: Iterable[str] = ()) -> None:
    """Problems and notices to stderr, one line each, then a count.

    A problem met twice (loading the archive, then opening the post's body
    for export or outline) is printed and counted once, in first-seen order.
    One that a value from ``_config.yml``'s defaults causes is met by every
    post the default applies to (10^4 lines for one mistake): the first
    :data:`DEFAULTS_SHOWN` posts are named, then how many more have it.
    """
    err = sys.stderr
    for notice in dict.fromkeys(notices):  # each try of a run may meet the same read-only cache
        err.write(f"newsreader: {clean(notice)}\n")
    unique = list(dict.fromkeys(problems))
    from_defaults: Counter[str] = Counter()
    for problem in unique:
        if problem.reason.endswith(FROM_DEFAULTS):
            from_defaults[problem.reason] += 1
            if from_defaults[problem.reason] > DEFAULTS_SHOWN:
                continue
        err.write(f"{_one_line(str(problem))}\n")
    for reason, count in from_defaults.items():
        if count > DEFAULTS_SHOWN:
            err.write(f"newsreader: {count - DEFAULTS_SHOWN} more post(s): {_one_line(reason)}\n")
    if unique:
        err.write(f"{len(unique)} problem(s)\n")


def _one_line(text: str) -> str:
    """A problem's text cleaned for stderr, on one line."""
    return clean(text).replace("\n", " ")


def reader_options(args: argparse.Namespace, settings: Settings | None = None) -> ReaderOptions:
    """The reader's settings: the filters every mode takes, then the user config's."""
    from newsreader.ui.options import ReaderOptions

    options = ReaderOptions(
        criteria=criteria_from(args), search=args.search, use_cache=not args.no_cache
    )
    return options if settings is None else with_user_config(options, settings)


def with_user_config(options: ReaderOptions, settings: Settings) -> ReaderOptions:
    """``options`` with the user config's keys, theme, width and read-on applied.

    What the reader does not know (an action or theme it lacks) is left out
    and joins the file's other problems, shown as notices once the reader is up.
    """
    from newsreader.ui.app import config_problems

    config = settings.config
    extra = config_problems(config, str(settings.path))
    unknown = {problem.key for problem in extra}
    keymap = {
        action: keys for action, keys in config.keys.items() if f"keys.{action}" not in unknown
    }
    return replace(
        options,
        keymap=keymap,
        theme=None if "theme" in unknown else config.theme,
        text_width=options.text_width if config.text_width is None else config.text_width,
        read_on=config.read_on,
        notices=tuple(clean_line(str(p)) for p in (*settings.problems, *extra)),
    )


def run_reader(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """Open the Textual reader (imported only here), with the user's settings."""
    check_search(args)
    root = archive_root(args)
    _check_terminal()
    from newsreader.ui.app import make_app

    app = make_app(root, reader_options(args, settings))
    app.run()
    return app.return_code or 0


def _check_terminal() -> None:
    """The reader reads keys from stdin and draws on stderr: both must be a terminal.

    With stderr closed or sent to a file it drew where no one saw it and
    waited for keys for ever; with stdin a file it read the file as keys.

    Raises:
        CliError: Either is not a terminal.
    """
    if not (os.isatty(0) and os.isatty(2)):
        raise CliError(
            "the reader needs a terminal (it reads keys from stdin and draws on stderr);"
            " for scripts and pipes use --list, --export, --outline or --search Q --list"
        )
