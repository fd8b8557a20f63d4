#!/usr/bin/env python3
"""The hostile-input probe suite of the `spikert` CLI.

    python3 tools/probe/hostile.py [SPIKERT]      (default .build/debug/spikert)

One row per case a careless or hostile user can produce: the words given to `spikert`,
the files made first, and what must happen — the exit status (0 success, 1 run-time
failure, 2 usage or input error: README, "Exit status"), words the message must hold,
files that must keep every byte, files that must not appear. Every case also must
finish within its timeout (no hang), end by exit rather than a signal (no trap), print
no "Fatal error" or backtrace, and leave no temporary file (`.NAME.tmp.*`) behind.

Each case runs in its own fresh directory holding `m.spkb` (the demo model) and
`in.csv` (its recorded input). Prints one line per case; exit status 1 when any failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "python"))
from spikert_tools import blob as blobs  # noqa: E402

MODEL = ROOT / "docs" / "demo" / "motion.spkb"
EVENTS = ROOT / "docs" / "demo" / "motion-events.csv"
LARGEST_TICK = (1 << 62) - 1  # SpikeEvent.maximumTick
LARGEST_CHANNEL = (1 << 31) - 1
LARGEST_TICKS = 1 << 40  # RunLimits.maximumTicks
LARGEST_MODEL = 256 << 20  # ModelFile.maximumBytes
IS_ROOT = os.geteuid() == 0


@dataclass
class Case:
    name: str
    words: list[str]
    status: int
    stderr: list[str] = field(default_factory=list)
    stdout: list[str] = field(default_factory=list)
    setup: Callable[[Path], None] | None = None
    unchanged: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    check: Callable[[Path, subprocess.CompletedProcess], str | None] | None = None
    timeout: float = 30.0
    stdout_file: str | None = None
    needs_root: bool = False
    cleanup: Callable[[Path], None] | None = None


def write(name: str, text: str | bytes) -> Callable[[Path], None]:
    def setup(d: Path) -> None:
        (d / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    return setup


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(d: Path) -> None:
        for step in steps:
            step(d)
    return setup


def checkpoint_at(tick: int) -> Callable[[Path], None]:
    """A checkpoint of the demo model whose state says `tick` ticks have run: one
    written by spikert, its tick rewritten, its CRC recomputed (blob.encode)."""
    def setup(d: Path) -> None:
        made = subprocess.run([SPIKERT, "run", str(d / "m.spkb"), "--ticks", "3", "--checkpoint",
                               str(d / "base.spkb")], capture_output=True, timeout=30)
        assert made.returncode == 0, made.stderr
        body = blobs.decode((d / "base.spkb").read_bytes())
        body[7][0] = tick
        (d / "ck.spkb").write_bytes(blobs.encode(body))
        (d / "base.spkb").unlink()
    return setup


def validates(name: str) -> Callable[[Path, subprocess.CompletedProcess], str | None]:
    def check(d: Path, _: subprocess.CompletedProcess) -> str | None:
        r = subprocess.run([SPIKERT, "validate", str(d / name)], capture_output=True, text=True, timeout=30)
        return None if r.returncode == 0 else f"{name} does not validate: {r.stdout.strip()}"
    return check


def holds_lines(name: str, at_least: int) -> Callable[[Path, subprocess.CompletedProcess], str | None]:
    def check(d: Path, _: subprocess.CompletedProcess) -> str | None:
        n = len((d / name).read_text().splitlines())
        return None if n >= at_least else f"{name} has {n} lines, expected at least {at_least}"
    return check


def is_char_device(name: str) -> Callable[[Path, subprocess.CompletedProcess], str | None]:
    def check(d: Path, _: subprocess.CompletedProcess) -> str | None:
        mode = os.lstat(d / name).st_mode
        return None if stat.S_ISCHR(mode) else f"{name} is no longer a character device"
    return check


def small_disk(free_bytes: int) -> Callable[[Path], None]:
    """`small/`: a 64 KiB tmpfs holding `o.csv` ("keep me") and a filler that leaves
    about `free_bytes` free — a disk that fills up in the middle of a run."""
    def setup(d: Path) -> None:
        (d / "small").mkdir()
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(d / "small")],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise Skip(f"mount -t tmpfs refused: {r.stderr.strip()}")
        (d / "small" / "o.csv").write_text("keep me\n")
        fd = os.open(d / "small" / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while os.write(fd, b"\0" * 4096) > 0:
                pass
        except OSError:
            pass  # full: what was wanted
        finally:
            os.close(fd)
        os.truncate(d / "small" / "filler", max(0, os.path.getsize(d / "small" / "filler") - free_bytes))
    return setup


def unmount_small(d: Path) -> None:
    subprocess.run(["umount", str(d / "small")], capture_output=True)


def free_filler(d: Path, _: subprocess.CompletedProcess) -> str | None:
    """After the failed run: free the space, run again, and the output must appear."""
    (d / "small" / "filler").unlink()
    r = subprocess.run([SPIKERT, "run", "m.spkb", "--input", "in.csv", "--output", "small/o.csv"], cwd=d,
                       capture_output=True, text=True, timeout=30)
    lines = (d / "small" / "o.csv").read_text().splitlines()
    if r.returncode != 0 or len(lines) < 100:
        return f"after freeing space: exit {r.returncode}, {len(lines)} lines: {r.stderr.strip()}"
    return None


class Skip(Exception):
    """A case that cannot be set up on this machine (said, not failed)."""


def make_null(d: Path) -> None:
    # Our own device node in the case's directory: never the machine's /dev/null.
    os.mknod(d / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))


def cases() -> list[Case]:
    top = LARGEST_TICK
    return [
        # 1, 2: ticks at and past the largest a spike file may name.
        Case("1 tick 2^63-1 is refused with the limit", ["run", "m.spkb", "--input", "t.csv", "--checkpoint", "ck.spkb"],
             2, [f"t.csv: tick too large: the largest is {top} (line 2)"], setup=write("t.csv", "0,3\n9223372036854775807,4\n"),
             absent=["ck.spkb"]),
        Case("1 the largest tick runs, summarises and checkpoints", ["run", "m.spkb", "--input", "t.csv", "--checkpoint", "ck.spkb"],
             0, [], [f"ran      {top + 1} ticks", f"at tick {top + 1}", "checkpoint ck.spkb"],
             setup=write("t.csv", f"0,3\n{top},4\n"), check=validates("ck.spkb")),
        Case("2 tick 2^64-1 is refused, no hang", ["run", "m.spkb", "--input", "t.csv"], 2,
             [f"tick too large: the largest is {top} (line 2)"], setup=write("t.csv", "0,3\n18446744073709551615,4\n"), timeout=10),
        Case("2 tick 2^64 is refused naming the limit", ["run", "m.spkb", "--input", "t.csv"], 2,
             [f"tick too large: the largest is {top} (line 1)"], setup=write("t.csv", "18446744073709551616,1\n")),
        Case("2 --ticks past the last tick from a checkpoint at 2^64-2", ["run", "ck.spkb", "--ticks", "10"], 2,
             ["--ticks 10", "18446744073709551614", "18446744073709551615"], setup=checkpoint_at((1 << 64) - 2), timeout=10),
        Case("2 a checkpoint at 2^64-2 runs its last tick", ["run", "ck.spkb", "--ticks", "1"], 0, [],
             ["ran      1 ticks", "at tick 18446744073709551615"], setup=checkpoint_at((1 << 64) - 2), timeout=10),
        # 3: an output that is one of the inputs.
        Case("3 --output = --input", ["run", "m.spkb", "--input", "in.csv", "--output", "./in.csv"], 2,
             ["--output ./in.csv is the same file as --input in.csv"], unchanged=["in.csv"]),
        Case("3 --output = --input through a symlink", ["run", "m.spkb", "--input", "in.csv", "--output", "link.csv"], 2,
             ["is the same file as --input"], setup=lambda d: os.symlink("in.csv", d / "link.csv"), unchanged=["in.csv"]),
        Case("3 --output = --input through a hard link", ["run", "m.spkb", "--input", "in.csv", "--output", "hard.csv"], 2,
             ["is the same file as --input"], setup=lambda d: os.link(d / "in.csv", d / "hard.csv"), unchanged=["in.csv"]),
        Case("3 --output = the model", ["run", "m.spkb", "--input", "in.csv", "--output", "m.spkb"], 2,
             ["--output m.spkb is the same file as the model m.spkb"], unchanged=["m.spkb"]),
        Case("3 --checkpoint = --output", ["run", "m.spkb", "--input", "in.csv", "--output", "o.csv", "--checkpoint", "o.csv"],
             2, ["--checkpoint o.csv is the same file as --output o.csv"], setup=write("o.csv", "tick,channel\n"),
             unchanged=["o.csv"]),
        Case("3 --checkpoint = --input", ["run", "m.spkb", "--input", "in.csv", "--checkpoint", "in.csv"], 2,
             ["--checkpoint in.csv is the same file as --input in.csv"], unchanged=["in.csv"]),
        Case("3 export-c --output = the blob", ["export-c", "m.spkb", "--output", "./m.spkb"], 2,
             ["is the same file as the model"], unchanged=["m.spkb"]),
        Case("3 a checkpoint may replace the checkpoint it resumed", ["run", "ck.spkb", "--ticks", "5", "--checkpoint", "ck.spkb"],
             0, [], ["resumed  from the checkpoint's tick 100", "at tick 105"], setup=checkpoint_at(100), check=validates("ck.spkb")),
        # 4: a failing run leaves the old output as it was.
        Case("4 a bad line leaves the old output untouched", ["run", "m.spkb", "--input", "bad.csv", "--output", "o.csv"], 2,
             ["bad.csv: expected a channel", "(line 101)", "o.csv was not written"],
             setup=both(write("o.csv", "keep me\n"), lambda d: (d / "bad.csv").write_text(
                 "".join(EVENTS.read_text().splitlines(keepends=True)[:100]) + "5,x\n")),
             unchanged=["o.csv"]),
        Case("4 a bad model leaves the old output untouched", ["run", "in.csv", "--ticks", "5", "--output", "o.csv"], 2,
             ["in.csv: not a SpikeRT blob at byte 0"], setup=write("o.csv", "keep me\n"), unchanged=["o.csv"]),
        Case("4 a good run replaces the output", ["run", "m.spkb", "--input", "in.csv", "--output", "o.csv"], 0, [],
             ["state    hash"], setup=write("o.csv", "old\n"), check=holds_lines("o.csv", 100)),
        # 5: write errors are reported.
        Case("5 a full device as --output", ["run", "m.spkb", "--input", "in.csv", "--output", "/dev/full"], 1,
             ["--output /dev/full: cannot write the spike file: No space left on device"]),
        Case("5 a full stdout for --output -", ["run", "m.spkb", "--input", "in.csv", "--output", "-"], 1,
             ["No space left on device"], stdout_file="/dev/full"),
        Case("5 a full stdout for the summary", ["run", "m.spkb", "--input", "in.csv"], 1,
             ["cannot write to standard output", "No space left on device"], stdout_file="/dev/full"),
        Case("5 a disk that fills mid-run, then space freed", ["run", "m.spkb", "--input", "in.csv", "--output", "small/o.csv"],
             1, ["--output small/o.csv: cannot write the spike file: No space left on device", "the file was not written"],
             setup=small_disk(1024), cleanup=unmount_small, check=free_filler, needs_root=True,
             unchanged=["small/o.csv"]),
        Case("5 a full stdout for export-c", ["export-c", "m.spkb"], 1, ["No space left on device"], stdout_file="/dev/full"),
        # 6: the checkpoint writer replaces regular files only; outputs write into streams.
        Case("6 --checkpoint onto a device node", ["run", "m.spkb", "--ticks", "3", "--checkpoint", "null"], 2,
             ["--checkpoint null: is a character device, not a regular file"], setup=make_null,
             check=is_char_device("null"), needs_root=True),
        Case("6 --checkpoint onto a symlink", ["run", "m.spkb", "--ticks", "3", "--checkpoint", "link"], 2,
             ["--checkpoint link: is a symbolic link"],
             setup=both(write("real", "real\n"), lambda d: os.symlink("real", d / "link")), unchanged=["real"]),
        Case("6 --checkpoint onto a directory", ["run", "m.spkb", "--ticks", "3", "--checkpoint", "sub"], 2,
             ["--checkpoint sub: is a directory"], setup=lambda d: (d / "sub").mkdir()),
        Case("6 --checkpoint in a missing directory", ["run", "m.spkb", "--ticks", "3", "--checkpoint", "no/ck.spkb"], 2,
             ["--checkpoint no/ck.spkb", "No such file or directory"]),
        Case("6 export-c --output onto a device node writes into it", ["export-c", "m.spkb", "--output", "null"], 0, [],
             setup=make_null, check=is_char_device("null"), needs_root=True),
        Case("6 --output onto a directory", ["run", "m.spkb", "--ticks", "3", "--output", "sub"], 2,
             ["--output sub: is a directory"], setup=lambda d: (d / "sub").mkdir()),
        Case("6 --output in a missing directory", ["run", "m.spkb", "--ticks", "3", "--output", "no/o.csv"], 2,
             ["--output no/o.csv", "No such file or directory"]),
        Case("6 --output through a symlink replaces the file it names", ["run", "m.spkb", "--input", "in.csv", "--output", "link"],
             0, [], setup=both(write("real", "old\n"), lambda d: os.symlink("real", d / "link")),
             check=lambda d, _: None if os.path.islink(d / "link") and (d / "real").read_text().startswith("tick,channel")
             else "the symlink was replaced or the file it names was not written"),
        # 8: options.
        Case("8 an option is never a value", ["run", "m.spkb", "--ticks", "5", "--output", "--stats"], 2,
             ["--output needs a value, not the option '--stats'"], absent=["--stats"]),
        Case("8 an empty --checkpoint=", ["run", "m.spkb", "--ticks", "5", "--checkpoint="], 2, ["--checkpoint needs a value"]),
        Case("8 an empty --output=", ["run", "m.spkb", "--ticks", "5", "--output="], 2, ["--output needs a value"]),
        Case("8 an empty --input=", ["run", "m.spkb", "--input="], 2, ["--input needs a value"]),
        Case("8 an empty word as --output's value", ["run", "m.spkb", "--ticks", "1", "--output", ""], 2,
             ["--output needs a value"]),
        Case("8 an empty word as --checkpoint's value", ["run", "m.spkb", "--ticks", "1", "--checkpoint", ""], 2,
             ["--checkpoint needs a value"]),
        Case("8 a value starting with '-' by --name=VALUE", ["run", "m.spkb", "--ticks", "5", "--output=-x.csv"], 0, [],
             check=holds_lines("-x.csv", 1)),
        Case("8 inspect --help", ["inspect", "--help"], 0, [], ["usage: spikert inspect"]),
        Case("8 --ticks rounded up to a low-power step says so", ["run", "m.spkb", "--ticks", "1", "--power", "low:256"], 0, [],
             ["ran      256 ticks", "--ticks 1 rounded up to whole steps of 256 ticks"]),
        # 9: large and endless files as models.
        Case("9 a 1 GiB model file is refused before reading", ["run", "big.bin", "--ticks", "1"], 2,
             [f"big.bin: file too large: the limit in bytes is {LARGEST_MODEL}"],
             setup=lambda d: os.truncate(open(d / "big.bin", "wb").name, 1 << 30), timeout=5),
        Case("9 a large file that is no blob is refused by its first bytes", ["run", "junk.bin", "--ticks", "1"], 2,
             ["junk.bin: not a SpikeRT blob at byte 0"], setup=lambda d: os.truncate(open(d / "junk.bin", "wb").name, 200 << 20),
             timeout=5),
        Case("9 a FIFO as the model", ["run", "fifo", "--ticks", "1"], 2, ["fifo: is a FIFO (named pipe), not a regular file"],
             setup=lambda d: os.mkfifo(d / "fifo"), timeout=5),
        Case("9 /dev/zero as the model", ["run", "/dev/zero", "--ticks", "1"], 2,
             ["/dev/zero: is a character device, not a regular file"], timeout=5),
        Case("9 a directory as the model", ["run", ".", "--ticks", "1"], 2, ["is a directory"]),
        Case("9 an empty model file", ["run", "e.spkb", "--ticks", "1"], 2, ["e.spkb: the file is empty"], setup=write("e.spkb", b"")),
        # 10: messages that name the limit, the line, the system's words.
        Case("10 channel 2^31", ["run", "m.spkb", "--input", "t.csv"], 2,
             [f"channel too large: the largest is {LARGEST_CHANNEL} (line 1)"], setup=write("t.csv", "1,2147483648\n")),
        Case("10 --ticks past 2^40", ["run", "m.spkb", "--ticks", str(LARGEST_TICKS + 1)], 2,
             [f"--ticks wants a whole number from 0 to {LARGEST_TICKS}"]),
        Case("10 a value outside Int32", ["run", "m.spkb", "--input", "t.csv"], 2,
             ["expected a value (a whole number from -2147483648 to 2147483647) (line 1)"], setup=write("t.csv", "1,1,2147483648\n")),
        Case("10 a line longer than 4096 bytes names its line", ["run", "m.spkb", "--input", "t.csv"], 2,
             ["line longer than 4096 bytes (line 3)"], setup=write("t.csv", "0,1\n1,1\n" + "2," + "1" * 5000 + "\n")),
        Case("10 a line of exactly 4096 bytes is read", ["run", "m.spkb", "--input", "t.csv"], 0, [],
             ["input    t.csv: 2 events"], setup=write("t.csv", "0,1\n1,1" + " " * 4093 + "\n")),
        Case("10 a UTF-8 byte-order mark is skipped", ["run", "m.spkb", "--input", "t.csv"], 0, [],
             ["input    t.csv: 2 events"], setup=write("t.csv", b"\xef\xbb\xbftick,channel\n0,1\n3,2\n")),
        Case("10 a missing model names the system's reason", ["run", "nothere.spkb", "--ticks", "1"], 2,
             ["cannot read nothere.spkb", "No such file or directory"]),
        Case("10 a missing input names the system's reason", ["run", "m.spkb", "--input", "nothere.csv"], 2,
             ["nothere.csv", "No such file or directory"]),
    ]


def run_case(case: Case, base: Path) -> str | None:
    """None when the case behaved; otherwise what went wrong."""
    d = Path(tempfile.mkdtemp(prefix="case-", dir=base))
    shutil.copy(MODEL, d / "m.spkb")
    shutil.copy(EVENTS, d / "in.csv")
    try:
        if case.setup:
            case.setup(d)
        return check_case(case, d)
    finally:
        if case.cleanup:
            case.cleanup(d)


def check_case(case: Case, d: Path) -> str | None:
    before = {name: (d / name).read_bytes() for name in case.unchanged}
    stdout = open(case.stdout_file, "wb") if case.stdout_file else subprocess.PIPE
    started = time.monotonic()
    try:
        r = subprocess.run([SPIKERT, *case.words], cwd=d, stdout=stdout, stderr=subprocess.PIPE,
                           timeout=case.timeout, env={**os.environ, "SWIFT_BACKTRACE": "enable=no"})
    except subprocess.TimeoutExpired:
        return f"no answer within {case.timeout:.0f} s (a hang)"
    finally:
        if case.stdout_file:
            stdout.close()
    seconds = time.monotonic() - started
    out = r.stdout.decode(errors="replace") if r.stdout else ""
    err = r.stderr.decode(errors="replace")
    problems = []
    if r.returncode < 0:
        problems.append(f"killed by signal {-r.returncode} (a trap)")
    elif r.returncode != case.status:
        problems.append(f"exit {r.returncode}, expected {case.status}")
    for bad in ("Fatal error", "Backtrace", "Traceback"):
        if bad in err:
            problems.append(f"stderr has '{bad}'")
    problems += [f"stderr lacks '{w}'" for w in case.stderr if w not in err]
    problems += [f"stdout lacks '{w}'" for w in case.stdout if w not in out]
    for name, data in before.items():
        if not (d / name).exists() or (d / name).read_bytes() != data:
            problems.append(f"{name} changed")
    problems += [f"{name} was created" for name in case.absent if os.path.lexists(d / name)]
    problems += [f"temporary file {p.name} left behind" for p in d.rglob(".*.tmp.*")]
    if case.check and not problems:
        note = case.check(d, r)
        if note:
            problems.append(note)
    if case.cleanup:
        case.cleanup(d)
    if problems:
        return "; ".join(problems) + (f"\n      stderr: {err.strip()[:400]}" if err else "")
    shutil.rmtree(d)
    return None if seconds < case.timeout else f"took {seconds:.1f} s"


def main() -> int:
    global SPIKERT
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("spikert", nargs="?", default=str(ROOT / ".build" / "debug" / "spikert"))
    args = ap.parse_args()
    SPIKERT = str(Path(args.spikert).resolve())
    failed = 0
    with tempfile.TemporaryDirectory(prefix="spikert-probe-") as tmp:
        table = cases()
        for case in table:
            if case.needs_root and not IS_ROOT:
                print(f"skip  {case.name} (needs root to make a device node)")
                continue
            try:
                problem = run_case(case, Path(tmp))
            except Skip as why:
                print(f"skip  {case.name} ({why})")
                continue
            print(("ok    " if problem is None else "FAIL  ") + case.name + ("" if problem is None else f": {problem}"))
            failed += problem is not None
        print(f"hostile-input probes: {len(table) - failed} of {len(table)} behaved")
    return 1 if failed else 0


SPIKERT = ""

if __name__ == "__main__":
    sys.exit(main())
