"""What the reader is reading: the posts on offer, the chosen group, the open post.

Textual-free, so the rules of reading (which post opens next, where back
leads, which heading ``]`` reaches, what the filter keeps) are tested without
an app, and the main screen is left with the panes and the messages between
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsreader.core.archive.filters import select
from newsreader.core.document.model import Document
from newsreader.core.index.search import in_rank_order, matching_paths
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.outline.build import iter_nodes
from newsreader.core.state import StateStore
from newsreader.ui.model.catalog import ALL, Catalog, Group, build_catalog, posts_in
from newsreader.ui.model.history import History
from newsreader.ui.options import ReaderOptions


@dataclass
class OpenRequest:
    """Where to land in a post being opened.

    Attributes:
        post: The post to open.
        block: A block to scroll to (a search hit).
        scroll_y: A line to scroll to (a restored position).
        query: Text to highlight once open (a search hit).
    """

    post: Post
    block: int | None = None
    scroll_y: float = 0.0
    query: str = ""


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
        group: The group chosen in the category tree.
        group_posts: That group's posts.
        current: The post shown, once its document arrived.
        document: Its parsed body.
        opening: The latest open request (older documents are dropped).
        problems: The archive's problems and those met opening posts.
    """

    archive: Archive
    posts: tuple[Post, ...]
    state: StateStore
    catalog: Catalog = field(init=False)
    by_path: dict[str, Post] = field(init=False)
    read: set[str] = field(init=False)
    history: History = field(default_factory=History)
    group: Group = ALL
    group_posts: list[Post] = field(init=False)
    current: Post | None = None
    document: Document | None = None
    opening: OpenRequest | None = None
    problems: list[Problem] = field(init=False)
    _folded: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Derive the lookups once: 10^5 posts must not be walked per keystroke."""
        self.catalog = build_catalog(self.archive, self.posts)
        self.by_path = {post.path: post for post in self.posts}
        self._folded = {post.path: post.title.casefold() for post in self.posts}
        self.read = self.state.read_paths()
        self.group_posts = list(self.posts)
        self.problems = list(self.archive.problems)

    def replace_archive(self, archive: Archive, posts: Sequence[Post]) -> None:
        """Read ``archive`` as reloaded from disk, offering ``posts``.

        The lookups and the catalog are derived again; the chosen group, the
        history and the open post stay (a removed post stays open until the
        reader leaves it).
        """
        self.archive, self.posts = archive, tuple(posts)
        self.__post_init__()
        self.choose_group()

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

    def filtered(self, text: str) -> list[Post]:
        """The group's posts whose title contains ``text`` (case-folded)."""
        needle = text.strip().casefold()
        if not needle:
            return self.group_posts
        return [post for post in self.group_posts if needle in self._folded[post.path]]

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
        self.set_read(request.post, True)
        return True

    def set_read(self, post: Post, read: bool) -> None:
        """Mark ``post`` read or unread, in memory and on disk."""
        self.state.set_read(post.path, read)
        (self.read.add if read else self.read.discard)(post.path)

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
