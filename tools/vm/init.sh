#!/bin/sh
# /init of the VM test's initramfs (busybox sh): mount the kernel's filesystems, load
# the modules, run the test program, report on the second serial port (ttyS1, a file
# on the host) and the console, power off. tools/vm/run.sh reads the report.
#
# Options for vmtest come from the kernel command line word vmtest_args=A,B,... (commas
# for spaces), which the kernel hands to init as the variable vmtest_args.

export PATH=/bin:/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
# Each daemon run's state directory, socket and logs are under /tmp (RAM).

REPORT=/dev/ttyS1
[ -c "$REPORT" ] || REPORT=/dev/console
report() { echo "$*" > "$REPORT"; echo "$*"; }

fail_early() {
    report "vmtest: ERROR (could not run): $*"
    report "VMTEST RESULT: ERROR"
    sync
    poweroff -f
}

for m in $(cat /lib/modules/order); do
    insmod "/lib/modules/$m.ko" || fail_early "insmod $m failed: $(dmesg | tail -3)"
done
mount -t configfs configfs /sys/kernel/config || fail_early "cannot mount configfs"
# Optional: kernel timestamps of the output lines' changes (the latency measurement).
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null

report "vmtest: kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPU, booted in $(cut -d' ' -f1 /proc/uptime) s; $(tr '\n' ' ' < /vmtest/build-info)"

ARGS=$(echo "${vmtest_args:-}" | sed 's/,/ /g')
# shellcheck disable=SC2086
/usr/bin/vmtest --models /vmtest --work /tmp/vmtest --report "$REPORT" $ARGS
status=$?
case $status in
    0) report "VMTEST RESULT: PASS" ;;
    1) report "VMTEST RESULT: FAIL" ;;
    *) report "VMTEST RESULT: ERROR (vmtest exited $status)" ;;
esac
sync
poweroff -f
