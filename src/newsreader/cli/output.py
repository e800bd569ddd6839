"""Writing the CLI's output to stdout, and what happens when stdout or stderr is gone.

A script may start newsreader with stdout or stderr closed (``>&-``,
``2>&-``) or aimed at a full disk (``> /dev/full``). Python then leaves
``sys.stdout`` or ``sys.stderr`` None, or a write raises ``OSError``; left
alone, either ended in "unexpected error" (and ``print(file=None)`` put
stderr's messages into stdout). Every write of the output goes through
:func:`send`, which turns such a failure into :class:`OutputFailed`: the
command line says so in one line and exits non-zero.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

STANDARD_STREAMS = (1, 2)
"""The descriptors of stdout and stderr."""


class OutputFailed(Exception):
    """Stdout is closed or refused a write (a full disk): the output is not all written."""


def standard_output() -> TextIO:
    """Stdout, to pass to :func:`send`.

    Raises:
        OutputFailed: Stdout was closed when the program started.
    """
    if sys.stdout is None:
        raise OutputFailed("standard output is closed")
    return sys.stdout


def send(out: TextIO, text: str, *, flush: bool = True) -> None:
    """Write ``text`` to ``out`` (and flush it), or raise OutputFailed.

    A closed pipe stays ``BrokenPipeError``: ``newsreader --list | head``
    ends quietly, as the reader at the pipe's end asked.
    """
    try:
        if text:
            out.write(text)
        if flush:
            out.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputFailed(error.strerror or str(error)) from None


def plug_closed_streams() -> None:
    """Point a closed stdout or stderr descriptor at /dev/null; give a closed stderr a stream.

    With ``2>&-``, ``sys.stderr`` is None: messages would fail, or go to stdout
    through ``print(file=None)``; they go to /dev/null instead, as asked. A
    closed descriptor's number is also the next a file the program opens
    would get (the index database), where a stray write would land; /dev/null
    takes it first. ``sys.stdout`` stays None: the output cannot be written,
    and :func:`standard_output` says so.
    """
    for number in STANDARD_STREAMS:
        try:
            os.fstat(number)
        except OSError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            if devnull != number:
                os.dup2(devnull, number)
                os.close(devnull)
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115


def silence_stdout() -> None:
    """Send what stdout still holds to /dev/null, so leaving the program does not fail again.

    Python flushes stdout on exit; after a broken pipe or a full disk that
    flush fails too and prints "Exception ignored" (Python docs, 'Note on SIGPIPE').
    """
    try:
        number = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # None, or not a file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, number)
    os.close(devnull)
