"""Commands whose output is piped into `head` or a pager that quits early.

Python turns the EPIPE of the next write into BrokenPipeError, and again when the
interpreter flushes stdout at exit, so `spikert-inspect m.spkb | head` would end in a
traceback. A command wrapped here stops quietly instead, with exit status 1 as for any
other failed write (the shell of a pipeline reports the last command's status anyway).
"""

from __future__ import annotations

import functools
import os
import sys


def survives_closed_stdout(main):
    """Wrap a command's `main(argv) -> int`: a closed stdout ends it with status 1 and no
    traceback."""

    @functools.wraps(main)
    def wrapped(*args, **kwargs):
        try:
            status = main(*args, **kwargs)
            sys.stdout.flush()
            return status
        except BrokenPipeError:
            # Point stdout at /dev/null so the interpreter's own flush at exit does not
            # raise a second time.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1

    return wrapped
