"""The errors of spikert-export and the exit status each one maps to.

* :class:`UsageError` -- a bad option value or option file (``--dt``, ``-o``,
  ``--calibrate``): exit 2.
* :class:`InputError` -- a graph file or graph that is malformed (not HDF5, not NIR,
  NaN / Inf values, a time constant that is not positive, shapes that do not fit, an
  edge naming no node): exit 2. A subclass of :class:`nirsim.NIRError`, so callers of
  :func:`export.export` that catch ``NIRError`` see it too.
* ``NIRError`` / ``blob.BlobError`` otherwise -- a valid graph or option the blob cannot
  represent ("refused: ..."): exit 2.
* :class:`OutputError` -- the blob could not be written (permission, disk full, a
  file system that does not take new files): exit 1.
* :class:`SetupError` -- the installation lacks something (docs/model.cddl, which
  every blob is validated against): exit 1.

Every message is one line that names the file, node, parameter or option and the value.
"""

from __future__ import annotations

from .nirsim import NIRError

EXIT_OK = 0
EXIT_FAILURE = 1  # run-time failure: the output could not be written
EXIT_USAGE = 2  # usage or input error: bad option value, malformed or refused input


class UsageError(ValueError):
    """A bad option value or option file; the message names the option."""


class InputError(NIRError):
    """A malformed graph file or graph; the message names the file, node or parameter."""


class OutputError(OSError):
    """The output could not be written; the message names the file and the reason."""

    def __str__(self):  # OSError's own str() would prefix an errno
        return self.args[0] if self.args else ""


class SetupError(RuntimeError):
    """The installation cannot export (a file it needs is missing)."""
