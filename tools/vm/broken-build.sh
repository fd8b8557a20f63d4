#!/usr/bin/env bash
# A deliberately broken spikertd, to show that the VM test catches an edge that is
# mis-timed, missed or duplicated by the daemon itself (not only by the test's own
# --break knob). Builds the committed tree (git archive HEAD) with one change in
# GPIOPort's accept(), chosen at run time by the environment variable SPIKERTD_BROKEN:
#
#   late    every edge in the tick in which it was read, not the tick of its kernel
#           timestamp (the test's SIGSTOP phase reads an edge 5 ticks late)
#   miss    every 10th edge dropped
#   double  every 10th edge queued twice (once more in the next tick)
#   (unset) the daemon behaves normally
#
#   tools/vm/broken-build.sh [OUTDIR]        (default out/vm/broken; ~3 min, Embedded)
#   tools/vm/run.sh --spikertd out/vm/broken/src/out/embedded/host/spikertd \
#                   --name broken-late --env SPIKERTD_BROKEN=late
#
# Never shipped and not run by CI (each run needs a build); docs/VMTEST.md shows its
# output.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

OUT=${1:-$VM_OUT/broken}
SRC=$OUT/src
rm -rf "$SRC" && mkdir -p "$SRC"
git -C "$VM_ROOT" archive HEAD | tar -x -C "$SRC"

FILE=$SRC/Sources/spikertd/GPIOPort.swift
ANCHOR='        if queue.push(SpikeEvent(tick: clock.tick(at: event.timestampNanoseconds), channel: inputs[k].spec.channel)) {'
grep -qF "$ANCHOR" "$FILE" || vm_die "GPIOPort.swift no longer has the line this script breaks; update the anchor"
python3 - "$FILE" "$ANCHOR" <<'EOF'
import sys
path, anchor = sys.argv[1], sys.argv[2]
text = open(path).read()
broken = '''        // DELIBERATELY BROKEN (tools/vm/broken-build.sh), by $SPIKERTD_BROKEN.
        let broken = getenv("SPIKERTD_BROKEN").map { UInt8(bitPattern: $0[0]) } ?? 0
        var edgeTick = clock.tick(at: event.timestampNanoseconds)
        if broken == UInt8(ascii: "l") { edgeTick = clock.tick(at: MonotonicClock.nanoseconds()) }
        if broken == UInt8(ascii: "m") && spikesQueued % 10 == 9 { spikesQueued &+= 1; return }
        if broken == UInt8(ascii: "d") && spikesQueued % 10 == 9 {
            _ = queue.push(SpikeEvent(tick: edgeTick &+ 1, channel: inputs[k].spec.channel))
        }
        if queue.push(SpikeEvent(tick: edgeTick, channel: inputs[k].spec.channel)) {'''
text = text.replace(anchor, broken)
if "import CSystem" not in text:
    text = "import CSystem\n" + text
open(path, "w").write(text)
EOF
cd "$SRC"
nice cross/embedded-build.sh --host-tools >"$OUT/build.log" 2>&1 \
    || { tail -30 "$OUT/build.log" >&2; vm_die "the broken build failed (log: $OUT/build.log)"; }
echo "${SRC#$VM_ROOT/}/out/embedded/host/spikertd (SPIKERTD_BROKEN=late|miss|double)"
