#!/usr/bin/env bash
# The VM test of spikertd against the kernel's real GPIO character device: build the
# gpio-sim module (tools/vm/build-gpio-sim.sh) and the initramfs
# (tools/vm/build-initramfs.sh), boot Debian's own kernel with it under
# qemu-system-x86_64 -accel tcg, and report what tools/vm/vmtest.c found inside.
#
#   tools/vm/run.sh [--spikertd PATH] [--spikert PATH] [--libdir DIR] [--name NAME]
#                   [--timeout SECONDS] [-- VMTEST-OPTION...]
#
#   --spikertd PATH  the daemon to test (default out/embedded/host/spikertd)
#   --spikert PATH   the CLI put beside it (default: spikert in the same directory)
#   --libdir DIR     a directory searched first for their shared libraries, e.g. the
#                    private prefix of a libgpiod 2.x build (DIR/libgpiod.so.3)
#   --name NAME      results under out/vm/NAME (default: default)
#   --timeout S      hard limit for the VM (default 240 s); on expiry it is killed and
#                    the run fails
#   --env NAME=VALUE an environment variable for the test and spikertd inside (put on
#                    the kernel command line, which hands it to init); repeatable. The
#                    broken builds of tools/vm/broken-build.sh read SPIKERTD_BROKEN
#   -- ...           options for the in-VM test, e.g. `-- --break shift` (expect an
#                    edge one tick late: the run must fail), `--debounce kernel`,
#                    `--latency 500`, `--flood 301`, `--no-iio` (see vmtest.c)
#
# Exit status 0 only when every in-VM check passed (VMTEST RESULT: PASS on the second
# serial port) and the learned weight in the final checkpoint is the one the protocol
# gives; 1 when a check failed or the VM did not finish; 2 when it could not be built.
# Files: out/vm/NAME/console.log (the serial console: kernel and test), report.txt
# (the test's report only), checkpoint.spkb (spikertd's final checkpoint).
#
# Nested KVM hangs on the CI machines, so this is TCG: slower, and its latencies are
# upper bounds (docs/VMTEST.md, docs/BENCHMARKS.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SPIKERTD=$VM_ROOT/out/embedded/host/spikertd SPIKERT= LIBDIR= NAME=default TIMEOUT=240
VMTEST_ARGS=() ENVIRONMENT=()
while [ $# -gt 0 ]; do
    case "$1" in
        --spikertd) SPIKERTD=$2; shift 2 ;;
        --spikert) SPIKERT=$2; shift 2 ;;
        --libdir) LIBDIR=$2; shift 2 ;;
        --name) NAME=$2; shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        --env)
            [[ "$2" =~ ^[A-Za-z_][A-Za-z0-9_]*=[^[:space:]\"]*$ ]] || vm_die "--env wants NAME=VALUE without spaces, not '$2'"
            ENVIRONMENT+=("$2"); shift 2 ;;
        --) shift; VMTEST_ARGS=("$@"); break ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) vm_die "unknown option $1" ;;
    esac
done
command -v qemu-system-x86_64 >/dev/null || vm_die "qemu-system-x86_64 is missing (apt-get install -y qemu-system-x86)"
case "$NAME" in ''|*/*|.*) vm_die "--name wants a plain name, not '$NAME'" ;; esac

RESULTS=$VM_OUT/$NAME
mkdir -p "$RESULTS"
rm -f "$RESULTS"/{console.log,report.txt,checkpoint.spkb}
seconds_since() { echo $(( $(date +%s%N) / 1000000 - $1 )) | sed 's/\(...\)$/.\1/; s/^\./0./'; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }

T0=$(ms)
"$VM_ROOT/tools/vm/build-gpio-sim.sh"
T_MODULE=$(seconds_since "$T0")
vm_note "modules ready in ${T_MODULE} s"

T1=$(ms)
"$VM_ROOT/tools/vm/build-initramfs.sh" --spikertd "$SPIKERTD" ${SPIKERT:+--spikert "$SPIKERT"} \
    ${LIBDIR:+--libdir "$LIBDIR"} --out "$RESULTS/initramfs.cpio.gz"
T_INITRAMFS=$(seconds_since "$T1")
vm_note "initramfs ready in ${T_INITRAMFS} s"

vm_resolve_kernel
ARGS_WORD=$(IFS=,; echo "${VMTEST_ARGS[*]:-}")
APPEND="console=ttyS0 quiet loglevel=4 panic=-1 vmtest_args=$ARGS_WORD ${ENVIRONMENT[*]:-}"
vm_note "booting $KERNEL_IMAGE under qemu-system-x86_64 -accel tcg (timeout ${TIMEOUT} s)${ARGS_WORD:+; vmtest $ARGS_WORD}"
T2=$(ms)
set +e
timeout -k 5 "$TIMEOUT" qemu-system-x86_64 -accel tcg -m 512 -smp 1 \
    -display none -monitor none -no-reboot \
    -kernel "$KERNEL_IMAGE" -initrd "$RESULTS/initramfs.cpio.gz" -append "$APPEND" \
    -serial "file:$RESULTS/console.log" -serial "file:$RESULTS/report.txt" \
    </dev/null
QEMU_STATUS=$?
set -e
T_VM=$(seconds_since "$T2")

# The serial line ends its lines with CR LF.
REPORT=$RESULTS/report.txt
[ -f "$REPORT" ] || : > "$REPORT"
tr -d '\r' < "$REPORT" > "$REPORT.tmp" && mv "$REPORT.tmp" "$REPORT"
sed '/^VMTEST CHECKPOINT BEGIN/,/^VMTEST CHECKPOINT END/d' "$REPORT"
BOOT=$(sed -n 's/.*booted in \([0-9.]*\) s.*/\1/p' "$REPORT" | head -1)
INSIDE=$(sed -n 's/^vmtest: [0-9]* checks, [0-9]* failed, \([0-9.]*\) s$/\1/p' "$REPORT" | tail -1)

status=0
if [ "$QEMU_STATUS" = 124 ] || [ "$QEMU_STATUS" = 137 ]; then
    echo "run.sh: the VM did not finish within ${TIMEOUT} s; the console's last lines:"
    tail -40 "$RESULTS/console.log" | sed 's/^/  | /'
    status=1
elif ! grep -q '^VMTEST RESULT: PASS' "$REPORT"; then
    if ! grep -q '^VMTEST RESULT:' "$REPORT"; then
        echo "run.sh: no result from the VM (qemu exit $QEMU_STATUS); the console's last lines:"
        tail -40 "$RESULTS/console.log" | sed 's/^/  | /'
    fi
    status=1
fi

# The learned weight, read from spikertd's final checkpoint with the project's tools.
if sed -n '/^VMTEST CHECKPOINT BEGIN/,/^VMTEST CHECKPOINT END/p' "$REPORT" \
        | sed '1d;$d' | base64 -d > "$RESULTS/checkpoint.spkb" 2>/dev/null \
        && [ -s "$RESULTS/checkpoint.spkb" ]; then
    python3 "$VM_ROOT/tools/vm/make_model.py" --check-checkpoint "$RESULTS/checkpoint.spkb" || status=1
elif [ "$status" = 0 ]; then
    echo "run.sh: the report has no checkpoint"
    status=1
fi

echo "run.sh: timings: modules ${T_MODULE} s, initramfs ${T_INITRAMFS} s, VM ${T_VM} s" \
     "(boot to the test ${BOOT:-?} s, the test ${INSIDE:-?} s); results in ${RESULTS#$VM_ROOT/}"
echo "run.sh: $([ $status = 0 ] && echo PASS || echo FAIL)"
exit $status
