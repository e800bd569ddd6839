"""What the reader is reading: the posts on offer, the chosen group, the open post.

Textual-free, so the rules of reading (which post opens next, where back
leads, which heading ``]`` reaches, what the filter keeps) are tested without
an app, and the main screen is left with the panes and the messages between
them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import InitVar, dataclass, field, replace
from datetime import date
from operator import attrgetter

from newsreader.core.archive.dates import today_in
from newsreader.core.archive.filters import select
from newsreader.core.document.model import Document
from newsreader.core.index.search import in_rank_order, matching_paths
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.outline.build import iter_nodes
from newsreader.core.state import StateStore
from newsreader.ui.model.catalog import (
    ALL,
    Catalog,
    Group,
    GroupNode,
    build_catalog,
    groups_of,
    posts_in,
    unread_counts,
)
from newsreader.ui.model.filter_query import FilterQuery, PostFacts, matching_posts, parse_filter
from newsreader.ui.model.history import History
from newsreader.ui.model.listing import SORTS, SortKey, sort_posts
from newsreader.ui.options import ReaderOptions


@dataclass
class OpenRequest:
    """Where to land in a post being opened.

    Attributes:
        post: The post to open.
        block: A block to scroll to (a search hit).
        scroll_y: A line to scroll to (a restored position).
        query: Text to highlight once open (a search hit).
        chosen: The user asked for this post (the one reopened at start was
            not, so it is not marked read by being shown).
    """

    post: Post
    block: int | None = None
    scroll_y: float = 0.0
    query: str = ""
    chosen: bool = True


@dataclass
class Reading:
    """The reader's state between keystrokes.

    Attributes:
        archive: The loaded archive.
        posts: The posts the user may see (the CLI's filters applied), in
            the order the list starts with.
        state: Read marks, bookmarks and the last position, kept on disk.
        catalog: The category tree's groups over ``posts``.
        by_path: ``posts`` by their path in the archive.
        read: Paths of the posts read.
        history: Back and forward through the posts opened.
        places: The block each post left was read at, so back and forward
            return there (a session's; the state file keeps the last post's).
        group: The group chosen in the category tree.
        group_posts: That group's posts.
        current: The post shown, once its document arrived.
        document: Its parsed body.
        opening: The latest open request (older documents are dropped).
        problems: The archive's problems and those met opening posts.
        query: The list filter, as parsed from ``filter_text``.
        filter_text: The filter as typed.
        sort: The list's order.
        unread_only: Show only unread posts.
        text_hits: Paths whose body matched the filter's words (None until
            the index answered, or when the filter has no words).
        unread: Unread posts per tree group.
        undo: Marks of "mark all read", newest last, to take back.
        today: The day ``since:7d`` counts back from; None for today in the
            archive's zone, asked each time the filter is applied.
        derived: The lookups of ``posts``, when the caller has them already
            (the first screen counts the whole archive's from the index).
    """

    archive: Archive
    posts: tuple[Post, ...]
    state: StateStore
    catalog: Catalog = field(init=False)
    by_path: dict[str, Post] = field(init=False)
    read: set[str] = field(init=False, default_factory=set)
    history: History = field(default_factory=History)
    places: dict[str, int] = field(default_factory=dict)
    group: Group = ALL
    group_posts: list[Post] = field(init=False)
    current: Post | None = None
    document: Document | None = None
    opening: OpenRequest | None = None
    problems: list[Problem] = field(init=False)
    query: FilterQuery = field(default_factory=FilterQuery)
    filter_text: str = ""
    sort: SortKey = "date"
    unread_only: bool = False
    text_hits: frozenset[str] | None = None
    unread: Counter[Group] = field(init=False)
    undo: list[list[Post]] = field(default_factory=list)
    today: date | None = None
    _in_date_order: bool = field(init=False, repr=False)
    derived: InitVar[Derived | None] = None

    def __post_init__(self, derived: Derived | None = None) -> None:
        """Derive the lookups once: 10^5 posts must not be walked per keystroke."""
        if derived is None:
            derived = derive(self.archive, self.posts, self.state.read_paths())
        self._take(derived)

    def _take(self, derived: Derived) -> None:
        """Use lookups derived from this reading's posts."""
        self.catalog, self.by_path, self.unread = derived.catalog, derived.by_path, derived.unread
        # One set for the reading's life: the list draws its marks from it.
        self.read.clear()
        self.read.update(derived.read)
        self._in_date_order = derived.in_date_order
        self.group_posts = list(self.posts)
        self.problems = list(self.archive.problems)

    def replace_archive(
        self, archive: Archive, posts: Sequence[Post], derived: Derived | None = None
    ) -> None:
        """Read ``archive`` as reloaded from disk, offering ``posts``.

        The lookups and the catalog are derived again (or taken from
        ``derived``, made off the event loop by :func:`derive`: at 10^5 posts
        they take a second); the chosen group, the history and the open post
        stay (a removed post stays open until the reader leaves it).
        """
        self.archive, self.posts = archive, tuple(posts)
        if derived is None:
            self.__post_init__()
        else:
            self._take(derived)
            self._catch_up(self.state.read_paths())
        self.choose_group()

    def _catch_up(self, read: set[str]) -> None:
        """Apply the marks made since ``derived`` was made (the user reads on meanwhile)."""
        for path in read ^ self.read:
            if (post := self.by_path.get(path)) is not None:
                self._note_read(post, path in read)
            else:
                (self.read.add if path in read else self.read.discard)(path)

    def start_notices(self) -> list[str]:
        """What to tell the user at start: how many problems there are, any state notice."""
        notices = []
        if count := len(self.problems):
            plural = "s" if count != 1 else ""
            notices.append(f"{count} problem{plural} while loading: press ! to see them.")
        if self.state.notice:
            notices.append(self.state.notice)
        return notices

    def source_of(self, post: Post) -> str:
        """The list's source column: the post's first category, by its human name."""
        slug = post.categories[0] if post.categories else ""
        return self.catalog.names.get(slug, slug)

    def restore_target(self) -> tuple[Post, float] | None:
        """The post read last and its scroll offset, else the first post at the top."""
        last = self.state.last_position()
        if last is not None and last[0] in self.by_path:
            return self.by_path[last[0]], last[1]
        return (self.posts[0], 0.0) if self.posts else None

    def choose_group(self, group: Group | None = None) -> None:
        """List ``group``'s posts (the chosen one again when None: bookmarks change)."""
        if group is not None:
            self.group = group
        self.group_posts = posts_in(self.posts, self.group, self.state.bookmarks())

    def set_filter(self, text: str) -> None:
        """Take the filter box's text (body hits are asked for separately)."""
        query = parse_filter(text)
        if query.words != self.query.words:
            self.text_hits = None
        self.filter_text, self.query = text, query

    def visible(self, group_posts: Sequence[Post] | None = None) -> list[Post]:
        """The list's posts: the group's, filtered, unread only if asked, in order."""
        posts = self.group_posts if group_posts is None else group_posts
        query = self.query
        if self.unread_only:
            query = replace(query, states=(*query.states, "unread"))
        if not query.is_empty:
            bookmarks = set(self.state.bookmarks()) if "bookmarked" in query.states else ()
            today = self.today if self.today is not None else today_in(self.archive.timezone)
            facts = PostFacts(self.read, bookmarks, self.catalog.names, self.text_hits, today)
            posts = matching_posts(posts, query, facts)
        if self.sort == "date" and self._in_date_order:  # selecting keeps the order
            return list(posts)
        return sort_posts(posts, self.sort, self.source_of, in_date_order=self._in_date_order)

    def cycle_sort(self) -> SortKey:
        """Switch to the next order (date, title, category); the new one."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        return self.sort

    def next_unread(self, posts: Sequence[Post], start: int, step: int) -> int | None:
        """The index of the first unread post after (``step`` 1) or before (-1) ``start``."""
        indices = range(start + 1, len(posts)) if step > 0 else range(start - 1, -1, -1)
        return next((i for i in indices if posts[i].path not in self.read), None)

    def next_unread_group(self, step: int) -> tuple[Group, list[Post]] | None:
        """The next category (in tree order) with unread posts in the filter, and its list."""
        groups = [node.group for node in _flat(self.catalog.categories)]
        here = groups.index(self.group) if self.group in groups else -1
        if step > 0:
            order = groups[here + 1 :]
        else:  # from a group that is no category (All posts), there is none before
            order = list(reversed(groups[:here])) if here >= 0 else []
        for group in order:
            if self.unread[group]:
                posts = self.visible(posts_in(self.posts, group))
                if any(post.path not in self.read for post in posts):
                    return group, posts
        return None

    def mark_all_read(self, posts: Sequence[Post]) -> int:
        """Mark every post of ``posts`` read (undoable); how many were unread."""
        # Each post once: a post listed twice must not be counted read twice. Keyed by
        # path, not by post: hashing a post hashes all its fields (0.1 s at 10^5).
        once = dict(zip(map(attrgetter("path"), posts), posts, strict=True))
        changed = [post for path, post in once.items() if path not in self.read]
        if changed:
            self._set_read_many(changed, True)
            self.undo.append(changed)
        return len(changed)

    def undo_mark_all(self) -> int:
        """Take back the last "mark all read"; how many posts are unread again."""
        if not self.undo:
            return 0
        # Only those still read: one marked unread by hand since is not counted twice.
        changed = [post for post in self.undo.pop() if post.path in self.read]
        self._set_read_many(changed, False)
        return len(changed)

    def request(self, request: OpenRequest, *, record: bool = True) -> None:
        """Note that ``request`` is being opened (and where back should lead)."""
        if record:
            self.history.visit(request.post.path)
        self.opening = request

    def arrived(self, request: OpenRequest, document: Document, problems: list[Problem]) -> bool:
        """Take a document read in the background, unless another post was asked for since.

        Returns:
            Whether ``request`` is still wanted and is now the open post.
        """
        if request is not self.opening:
            return False
        self.current, self.document = request.post, document
        self.problems.extend(p for p in problems if p not in self.problems)
        return True

    def set_read(self, post: Post, read: bool) -> bool:
        """Mark ``post`` read or unread, in memory and on disk; whether it changed."""
        if (post.path in self.read) == read:
            return False
        self.state.set_read(post.path, read)
        self._note_read(post, read)
        return True

    def _note_read(self, post: Post, read: bool) -> None:
        """Keep the read set and the unread counts in step with one mark."""
        (self.read.add if read else self.read.discard)(post.path)
        for group in groups_of(post):
            self.unread[group] += -1 if read else 1

    def _set_read_many(self, posts: Sequence[Post], read: bool) -> None:
        """Mark many posts (each once) on disk and in memory, their groups counted together.

        Counted as :func:`~newsreader.ui.model.catalog.unread_counts` counts,
        by day and by facts, not group by group for each post as
        :meth:`_note_read` does: marking 10^5 posts read took 1.3 s, 10^6 took 13 s.
        """
        paths = [post.path for post in posts]
        self.state.set_read_many(paths, read)
        (self.read.update if read else self.read.difference_update)(paths)
        sign = -1 if read else 1
        for group, count in unread_counts(posts, ()).items():
            self.unread[group] += sign * count

    def toggle_read(self) -> bool | None:
        """Flip the open post's read mark; its new value (None with no post)."""
        if self.current is None:
            return None
        read = self.current.path not in self.read
        self.set_read(self.current, read)
        return read

    def toggle_bookmark(self) -> bool | None:
        """Flip the open post's bookmark; its new value (None with no post)."""
        if self.current is None:
            return None
        on = not self.state.is_bookmarked(self.current.path)
        self.state.set_bookmarked(self.current.path, on)
        return on

    def note_place(self, block: int) -> None:
        """Note the block the open post is being left at (the header: none)."""
        if self.current is not None:
            if block >= 0:
                self.places[self.current.path] = block
            else:
                self.places.pop(self.current.path, None)

    def place_of(self, post: Post) -> int | None:
        """The block ``post`` was left at in this session, if it was read past its header."""
        return self.places.get(post.path)

    def back(self) -> Post | None:
        """The post read before the open one, if it is still on offer."""
        path = self.history.back()
        return self.by_path.get(path) if path is not None else None

    def forward(self) -> Post | None:
        """The post to go forward to after going back."""
        path = self.history.forward()
        return self.by_path.get(path) if path is not None else None

    def section_target(self, top_block: int, step: int) -> int | None:
        """The heading block ``]`` (``step`` 1) or ``[`` (-1) scrolls to from ``top_block``."""
        if self.document is None:
            return None
        blocks = sorted(node.block for node in iter_nodes(self.document.outline))
        if step > 0:
            return next((block for block in blocks if block > top_block), None)
        return next((block for block in reversed(blocks) if block < top_block), None)


@dataclass(frozen=True)
class Derived:
    """What a reading derives from its posts, in one pass: see :func:`derive`."""

    catalog: Catalog
    by_path: dict[str, Post]
    read: frozenset[str]
    unread: Counter[Group]
    in_date_order: bool


def derive(archive: Archive, posts: Sequence[Post], read: Collection[str]) -> Derived:
    """The catalog, lookups and unread counts of ``posts``, given the paths marked read.

    Pure (no state store, no widget), so a thread may make it while the
    reader goes on: the live archive's reload does, at 10^5 posts.
    """
    return Derived(
        build_catalog(archive, posts),
        {post.path: post for post in posts},
        frozenset(read),
        unread_counts(posts, read),
        _in_date_order(posts),
    )


def _in_date_order(posts: Sequence[Post]) -> bool:
    """Whether ``posts`` are newest first (ties by path), a key alive at a time.

    A list of every post's key (and its copy, to pair them) was 7.8 MB at the
    reader's peak at 10^5 posts.
    """
    before: tuple[float, str] | None = None
    for post in posts:
        key = post.sort_key
        if before is not None and key < before:
            return False
        before = key
    return True


def _flat(nodes: Sequence[GroupNode]) -> list[GroupNode]:
    """Nodes in tree order, each followed by its children."""
    flat = []
    for node in nodes:
        flat.append(node)
        flat.extend(_flat(node.children))
    return flat


def neighbour(posts: Sequence[Post], current: Post | None, cursor: int, step: int) -> int | None:
    """The list index ``step`` away from the open post (or the cursor), if in the list."""
    if not posts:
        return None
    index = posts.index(current) if current is not None and current in posts else cursor
    target = index + step
    return target if 0 <= target < len(posts) else None


def offered_posts(archive: Archive, options: ReaderOptions, notices: list[str]) -> list[Post]:
    """The posts the reader offers: the CLI's filters, then its ``--search``, best first.

    The same selection as the CLI's batch modes, so ``newsreader ARCHIVE
    --category X`` reads what ``--list --category X`` lists.

    Args:
        archive: The loaded archive.
        options: The filters and the query (and whether the index may be used).
        notices: Sentences about the index are appended here for the user.
    """
    posts = select(archive.posts, options.criteria)
    if not options.search:
        return posts
    paths = matching_paths(
        archive.root,
        archive,
        options.search,
        cache_dir=options.cache_dir,
        use_cache=options.use_cache,
        notices=notices,
    )
    return in_rank_order(posts, paths)
