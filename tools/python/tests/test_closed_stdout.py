"""The commands stop quietly when their reader has gone (`spikert-inspect m | head`):
exit status 1, nothing on stderr, no traceback."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PACKAGE = os.path.join(ROOT, "tools", "python")
BLOB = os.path.join(ROOT, "docs", "demo", "motion.spkb")


@pytest.mark.parametrize("argv", [
    ["spikert_tools.inspect_blob", BLOB],
    ["spikert_tools.inspect_blob", BLOB, "--json"],
])
def test_closed_stdout(argv):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write
    try:
        p = subprocess.run([sys.executable, "-m", *argv], stdout=write_end, stderr=subprocess.PIPE,
                           cwd=PACKAGE, timeout=60)
    finally:
        os.close(write_end)
    assert p.returncode == 1, p.stderr.decode()
    assert b"Traceback" not in p.stderr and b"BrokenPipe" not in p.stderr, p.stderr.decode()


def test_open_stdout_still_succeeds():
    p = subprocess.run([sys.executable, "-m", "spikert_tools.inspect_blob", BLOB],
                       capture_output=True, cwd=PACKAGE, timeout=60)
    assert p.returncode == 0 and b"model 'motion'" in p.stdout, p.stderr.decode()
