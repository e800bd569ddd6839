"""``python -m newsreader.bench N``: see :mod:`newsreader.bench.run`."""

from newsreader.bench.run import main

raise SystemExit(main())
