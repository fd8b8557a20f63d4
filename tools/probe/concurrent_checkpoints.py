#!/usr/bin/env python3
"""Concurrent checkpoint writers: two processes write checkpoints to one path while a
third validates it.

Each writer runs `spikert run MODEL --ticks N --checkpoint PATH` WRITES times (500 by
default), one process after another, N different for every write (writer w's write i
runs 1 + i * WRITERS + w ticks), so every checkpoint names the write that made it by
its tick. Meanwhile a validator runs `spikert validate PATH` again and again until the
writers are done. The path holds a checkpoint (tick 0) before they start.

Asserted:
  - every writer process exits 0 with nothing on stderr (no "cannot rename", no error);
  - every read validates: `validate` exits 0 and says "ok (checkpoint at tick T"
    with T = 0 or the tick of a write that had started;
  - afterwards the path validates and holds the tick of one of the two last writes,
    and nothing else is left in the directory (no temporary files).

    tools/probe/concurrent_checkpoints.py [SPIKERT] [--writes 500] [--writers 2]

SPIKERT defaults to a build of the working tree:
`swift build --scratch-path .build-fuzzprobe --product spikert`. CI passes
.build/debug/spikert. Exit status 0 when every assertion holds, 1 otherwise.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OK = re.compile(r": ok \(checkpoint at tick (\d+),")


def build() -> str:
    swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
    print("building spikert: swift build --scratch-path .build-fuzzprobe --product spikert", flush=True)
    subprocess.run([swift, "build", "--scratch-path", ".build-fuzzprobe", "--product", "spikert"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build-fuzzprobe", "debug", "spikert")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spikert", nargs="?", help="the spikert binary (default: build one)")
    parser.add_argument("--writes", type=int, default=500, help="checkpoint writes per writer (500)")
    parser.add_argument("--writers", type=int, default=2, help="writer processes at once (2)")
    parser.add_argument("--model", default=os.path.join(ROOT, "docs", "demo", "motion.spkb"))
    parser.add_argument("--dir", help="directory for the checkpoint (default: a new one under out/probe)")
    args = parser.parse_args()

    spikert = os.path.abspath(args.spikert) if args.spikert else build()
    if args.dir:
        directory = os.path.abspath(args.dir)
        os.makedirs(directory, exist_ok=True)
    else:
        os.makedirs(os.path.join(ROOT, "out", "probe"), exist_ok=True)
        directory = tempfile.mkdtemp(prefix="concurrent-checkpoints.", dir=os.path.join(ROOT, "out", "probe"))
    path = os.path.join(directory, "checkpoint.spkb")

    def write(ticks: int) -> subprocess.CompletedProcess:
        return subprocess.run([spikert, "run", args.model, "--ticks", str(ticks), "--checkpoint", path],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    first = write(0)
    if first.returncode != 0:
        print(f"FAIL: the first checkpoint was not written: {first.stderr.strip()}")
        return 1

    lock = threading.Lock()
    started = {0}           # ticks of the writes begun so far (and the first checkpoint)
    last = {}               # writer -> tick of its last write
    failures = []           # (what, detail)
    writes_ok = [0] * args.writers
    reads = {"ok": 0, "invalid": 0}
    ticks_seen = set()
    done = threading.Event()

    def writer(w: int) -> None:
        for i in range(args.writes):
            ticks = 1 + i * args.writers + w
            with lock:
                started.add(ticks)
            r = write(ticks)
            with lock:
                if r.returncode == 0 and not r.stderr:
                    writes_ok[w] += 1
                    last[w] = ticks
                else:
                    failures.append((f"writer {w} write {i} (--ticks {ticks}) exit {r.returncode}",
                                     r.stderr.strip()))

    def validator() -> None:
        while not done.is_set():
            r = subprocess.run([spikert, "validate", path], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            m = OK.search(r.stdout)
            with lock:
                if r.returncode == 0 and m and int(m.group(1)) in started:
                    reads["ok"] += 1
                    ticks_seen.add(int(m.group(1)))
                else:
                    reads["invalid"] += 1
                    failures.append((f"read {reads['ok'] + reads['invalid']} exit {r.returncode}",
                                     r.stdout.strip()))

    begin = time.monotonic()
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(args.writers)]
    check = threading.Thread(target=validator)
    check.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    check.join()
    elapsed = time.monotonic() - begin

    final = subprocess.run([spikert, "validate", path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    m = OK.search(final.stdout)
    if final.returncode != 0 or not m or int(m.group(1)) not in last.values():
        failures.append(("the final checkpoint", final.stdout.strip()))
    leftovers = sorted(set(os.listdir(directory)) - {"checkpoint.spkb"})
    if leftovers:
        failures.append(("files left in the directory", " ".join(leftovers[:10])))

    total = args.writes * args.writers
    print(f"{args.writers} writers x {args.writes} checkpoint writes to one path in {elapsed:.1f} s "
          f"({total / elapsed:.0f} writes/s): {sum(writes_ok)} of {total} succeeded; "
          f"{reads['ok'] + reads['invalid']} reads meanwhile, {reads['ok']} valid "
          f"({len(ticks_seen)} different checkpoints seen), {reads['invalid']} invalid; "
          f"final checkpoint at tick {m.group(1) if m else '?'}")
    if failures:
        for what, detail in failures[:10]:
            print(f"FAIL: {what}: {detail}")
        if len(failures) > 10:
            print(f"FAIL: ... {len(failures) - 10} more")
        print(f"(directory kept: {directory})")
        return 1
    if reads["ok"] == 0:
        print("FAIL: the validator never ran during the writes")
        return 1
    if not args.dir:
        shutil.rmtree(directory)
    print("concurrent_checkpoints: every read validated, no writer failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
