"""Write the exported blob so that a failure never leaves a half-written file.

:func:`resolve_target` checks ``-o`` before any work is done: not a directory, not a
special file (a device, a FIFO), not the same file as an input (compared by device and
inode, so a symlink or a hard link to the input is caught too), in a directory that
exists. A symlink is followed: the file it points to is replaced, the link stays.

:class:`AtomicOutput` creates a temporary file next to the target at once (so a
directory that takes no new files fails before the export runs), and on
:meth:`~AtomicOutput.commit` writes, flushes to disk and renames it over the target. On
any failure, or if commit is never called, the temporary file is removed and the target
is untouched. Errors: :class:`~.exporterrors.UsageError` for a bad ``-o`` (exit 2),
:class:`~.exporterrors.OutputError` when writing fails (exit 1).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile

from .exporterrors import OutputError, UsageError

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def resolve_target(path: str, inputs=(), option: str = "-o") -> str:
    """The file ``path`` names (symlinks resolved), checked for writing the blob over.
    ``inputs``: (label, path) pairs of the files this run reads."""
    label = f"{option} '{path}'"
    if not path:
        raise UsageError(f"{option}: empty file name")
    target = os.path.realpath(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise UsageError(f"{label}: '{os.path.dirname(target)}' is not a directory") from None
    except OSError as err:
        raise UsageError(f"{label}: cannot check it: {err.strerror or err}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise UsageError(f"{label}: is a directory; give a file name, e.g. "
                             f"'{os.path.join(path, 'model.spkb')}'")
        if not stat.S_ISREG(st.st_mode):
            raise UsageError(f"{label}: is {_kind(st.st_mode)}; the exporter writes a "
                             f"regular file (a new one, renamed into place)")
        for in_label, in_path in inputs:
            try:
                ist = os.stat(in_path)
            except OSError:
                continue
            if (ist.st_dev, ist.st_ino) == (st.st_dev, st.st_ino):
                raise UsageError(f"{label}: is the {in_label} '{in_path}' (the same file); "
                                 f"choose another output name")
    parent = os.path.dirname(target) or "."
    try:
        pst = os.stat(parent)
    except FileNotFoundError:
        shown = parent if os.path.islink(path) else (os.path.dirname(path) or ".")
        raise UsageError(f"{label}: directory '{shown}' does not exist") from None
    except NotADirectoryError:
        raise UsageError(f"{label}: '{parent}' is not a directory") from None
    except OSError as err:
        raise UsageError(f"{label}: cannot check directory '{parent}': "
                         f"{err.strerror or err}") from None
    if not stat.S_ISDIR(pst.st_mode):
        raise UsageError(f"{label}: '{parent}' is not a directory")
    return target


def _new_file_mode(target: str) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


class AtomicOutput:
    """``with AtomicOutput(path, target) as out: ...; out.commit(data)``."""

    def __init__(self, path: str, target: str):
        self.path, self.target = path, target
        self.parent = os.path.dirname(target) or "."
        self.fd = None
        self.tmp = None
        self.committed = False

    def _fail(self, what: str, err: OSError) -> OutputError:
        reason = err.strerror or str(err)
        if what == "create" and err.errno in (errno.ENOENT, errno.EROFS):
            reason += " (a file system that takes no new files, such as /proc or /sys?)"
        where = f"cannot create a file in '{self.parent}'" if what == "create" else what
        return OutputError(f"cannot write '{self.path}': {where}: {reason}")

    def __enter__(self):
        base = os.path.basename(self.target)
        try:
            self.fd, self.tmp = tempfile.mkstemp(dir=self.parent, prefix=f".{base}.",
                                                 suffix=".tmp")
        except OSError as err:
            raise self._fail("create", err) from None
        return self

    def commit(self, data: bytes) -> None:
        try:
            view = memoryview(data)
            while view:
                n = os.write(self.fd, view)
                view = view[n:]
            os.fchmod(self.fd, _new_file_mode(self.target))
            os.fsync(self.fd)
        except OSError as err:
            raise self._fail("writing failed", err) from None
        finally:
            os.close(self.fd)
            self.fd = None
        try:
            os.replace(self.tmp, self.target)
        except OSError as err:
            raise self._fail("renaming into place failed", err) from None
        self.committed = True
        try:  # the rename itself on disk; not every file system can sync a directory
            dfd = os.open(self.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass

    def __exit__(self, exc_type, exc, tb):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if not self.committed and self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
        return False
