"""The CLI's modes: load and filter an archive, then list, export, outline or read.

Kept apart from argument parsing so each mode is a short function over core
records; only :func:`run_reader` imports the Textual UI.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.cli.args import CliError
from newsreader.core.archive.dates import stamp
from newsreader.core.archive.filters import Criteria, parse_cli_date, select
from newsreader.core.index.records import post_json, post_record
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.text.safe import clean, clean_line, escape_json
from newsreader.samples import sample_archive

if TYPE_CHECKING:
    from newsreader.cli.settings import Settings
    from newsreader.ui.options import ReaderOptions

SearchInfo = tuple[str, tuple[str, ...]]
"""A search hit's snippet and the outline section it falls in."""


def archive_root(args: argparse.Namespace) -> Path:
    """The archive the user named, checked to exist (CliError otherwise)."""
    root: Path = args.archive if args.archive is not None else sample_archive()
    if not root.exists():
        raise CliError(f"no such archive: {root}")
    return root


def criteria_from(args: argparse.Namespace) -> Criteria:
    """Build the core's filter criteria from the parsed arguments."""
    try:
        since = parse_cli_date(args.since) if args.since else None
        until = parse_cli_date(args.until) if args.until else None
    except ValueError as error:
        raise CliError(str(error)) from None
    return Criteria(
        categories=tuple(args.category),
        tags=tuple(args.tag),
        since=since,
        until=until,
        unpublished=args.unpublished,
        post=args.post,
    )


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


def run_batch(args: argparse.Namespace) -> int:
    """Run ``--list``, ``--export`` or ``--outline`` and report problems."""
    from newsreader.core.index.metadata import load_indexed

    check_search(args)
    root = archive_root(args)
    loaded = load_indexed(root, use_cache=not args.no_cache)
    archive, notices = loaded.archive, list(loaded.notices)
    posts = select(archive.posts, known_criteria(archive, criteria_from(args)))
    found: dict[str, SearchInfo] = {}
    if args.search is not None:
        posts, found = _search(root, archive, posts, args, notices)
    problems = list(archive.problems)
    if args.list:
        ready = loaded.json_lines if args.json else None
        write_lines(list_lines(posts, as_json=args.json, search_info=found, ready=ready))
    elif args.outline:
        problems += write_outlines(archive, posts, as_json=args.json)
    elif args.output is not None:
        problems += export_to_dir(archive, posts, args)
    else:
        problems += export_to_stdout(archive, posts, None if args.no_wrap else args.width)
    report(problems, notices)
    return 1 if args.strict and problems else 0


def _search(
    root: Path, archive: Archive, posts: list[Post], args: argparse.Namespace, notices: list[str]
) -> tuple[list[Post], dict[str, SearchInfo]]:
    """Keep only posts matching the query, best match first.

    Only ``--list --json`` shows each hit's snippet and section, which needs the
    hit located in the post's text; every other mode asks the index for the
    matching paths alone, which is much cheaper when a query matches thousands.
    """
    from newsreader.core.index.search import in_rank_order, matching_paths, search

    use_cache = not args.no_cache
    info: dict[str, SearchInfo] = {}
    if args.list and args.json:
        hits = search(root, archive, args.search, use_cache=use_cache, notices=notices)
        paths = [hit.path for hit in hits]
        info = {hit.path: (hit.snippet, hit.section) for hit in hits}
    else:
        paths = matching_paths(root, archive, args.search, use_cache=use_cache, notices=notices)
    return in_rank_order(posts, paths), info


def list_lines(
    posts: Iterable[Post],
    *,
    as_json: bool,
    search_info: dict[str, SearchInfo] | None = None,
    ready: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """One line per post: ``date  categories  title``, or a JSON object.

    Args:
        posts: The posts to list, in order.
        as_json: JSON Lines (:func:`post_record`) instead of text lines.
        search_info: Each search hit's snippet and section, by path.
        ready: JSON lines the index stored, by path: equal to what this
            would encode, and a warm listing's biggest saving.
    """
    if not as_json:
        yield from map(_text_line, posts)
        return
    info = search_info or {}
    cached = ready or {}
    for post in posts:
        if post.path not in info:
            yield escape_json(cached.get(post.path) or post_json(post))
            continue
        record = post_record(post)
        record["snippet"], section = info[post.path]
        record["section"] = list(section)
        yield escape_json(json.dumps(record, ensure_ascii=False))


def _text_line(post: Post) -> str:
    """``date  categories  title``; the year always has four digits (``0001``)."""
    when = stamp(post.date, "%Y-%m-%d %H:%M %z")
    return f"{when}  {','.join(post.categories) or '-'}  {post.title}"


def write_outlines(archive: Archive, posts: Iterable[Post], *, as_json: bool) -> list[Problem]:
    """Print each post's outline (indented tree, or JSON Lines)."""
    from newsreader.core.document.open import open_document
    from newsreader.core.export.render import outline_json, outline_text

    problems: list[Problem] = []
    for post in posts:
        document, found = open_document(archive, post)
        problems += found
        if as_json:
            record = {"path": post.path, "title": post.title, "outline": outline_json(document)}
            write_lines([escape_json(json.dumps(record, ensure_ascii=False))])
        else:
            write_lines([f"# {post.title}  ({post.path})", outline_text(document).rstrip("\n"), ""])
    return problems


def export_to_stdout(archive: Archive, posts: Iterable[Post], width: int | None) -> list[Problem]:
    """Write every post as plain text to stdout, separated by form-feed lines."""
    from newsreader.core.document.open import open_document
    from newsreader.core.export.render import FORM_FEED_SEPARATOR, export_post

    problems: list[Problem] = []
    for index, post in enumerate(posts):
        document, found = open_document(archive, post)
        problems += found
        if index:
            sys.stdout.write(FORM_FEED_SEPARATOR)
        sys.stdout.write(export_post(post, document, width=width))
    sys.stdout.flush()
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


def write_lines(lines: Iterable[str]) -> None:
    """Write lines to stdout, stripped of any control character a post carried."""
    out = sys.stdout
    for line in lines:
        out.write(f"{clean(line)}\n")
    out.flush()


def report(problems: list[Problem], notices: Iterable[str] = ()) -> None:
    """Problems and notices to stderr, one line each, then a count.

    A problem met twice (loading the archive, then opening the post's body
    for export or outline) is printed and counted once, in first-seen order.
    """
    err = sys.stderr
    for notice in notices:
        err.write(f"newsreader: {clean(notice)}\n")
    unique = list(dict.fromkeys(problems))
    for problem in unique:
        err.write(clean(str(problem)).replace("\n", " ") + "\n")
    if unique:
        err.write(f"{len(unique)} problem(s)\n")


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
    from newsreader.ui.app import make_app

    app = make_app(archive_root(args), reader_options(args, settings))
    app.run()
    return app.return_code or 0
