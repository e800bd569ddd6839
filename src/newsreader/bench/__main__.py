"""``python -m newsreader.bench N`` (see :mod:`newsreader.bench.run`) or a sub-command.

Sub-commands are looked up in :data:`SUBCOMMANDS` (name -> module with a
``main(argv)``), imported only when asked for, so the timing run pays nothing
for them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

SUBCOMMANDS = {
    "check": "newsreader.bench.check",
    "outline": "newsreader.bench.outline",
    "reader": "newsreader.bench.reader",
    "stall": "newsreader.bench.stall",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sub-command named first on the command line, else the benchmark."""
    args = list(sys.argv[1:] if argv is None else argv)
    module = SUBCOMMANDS.get(args[0]) if args else None
    if module is None:
        module, rest = "newsreader.bench.run", args
    else:
        rest = args[1:]
    entry: int = importlib.import_module(module).main(rest)
    return entry


if __name__ == "__main__":
    raise SystemExit(main())
