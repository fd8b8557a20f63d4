#!/usr/bin/env bash
# Pack the initramfs of the VM test: busybox (static), spikertd and spikert with the
# shared libraries they load, the kernel modules (configfs and industrialio from the
# kernel's own package, gpio-sim and the IIO dummy from tools/vm/build-gpio-sim.sh),
# the test models (tools/vm/make_model.py), the in-VM test program (tools/vm/vmtest.c,
# built static here) and its /init (tools/vm/init.sh).
#
#   tools/vm/build-initramfs.sh --spikertd PATH [--spikert PATH] [--libdir DIR]
#                               [--out FILE]
#
#   --spikertd PATH  the daemon to test (e.g. out/embedded/host/spikertd)
#   --spikert PATH   the CLI, for `spikert ctl`, `validate` and `run` inside the VM
#                    (default: spikert beside the daemon)
#   --libdir DIR     a directory searched first for their shared libraries (a private
#                    libgpiod 2.x build); the libraries are found with ldd and copied
#                    into the image's /lib/x86_64-linux-gnu, whatever their origin
#   --out FILE       default out/vm/initramfs.cpio.gz
#
# Run tools/vm/build-gpio-sim.sh first. Needs busybox-static, cpio, gcc and python3
# with the tools' requirements (numpy, cbor2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SPIKERTD= SPIKERT= LIBDIR= OUT=
while [ $# -gt 0 ]; do
    case "$1" in
        --spikertd) SPIKERTD=$2; shift 2 ;;
        --spikert) SPIKERT=$2; shift 2 ;;
        --libdir) LIBDIR=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) vm_die "unknown option $1" ;;
    esac
done
[ -n "$SPIKERTD" ] || vm_die "--spikertd PATH is required"
[ -x "$SPIKERTD" ] || vm_die "$SPIKERTD is not an executable"
SPIKERT=${SPIKERT:-$(dirname "$SPIKERTD")/spikert}
[ -x "$SPIKERT" ] || vm_die "$SPIKERT is not an executable (give --spikert)"
if [ -n "$LIBDIR" ]; then
    [ -d "$LIBDIR" ] || vm_die "--libdir $LIBDIR is not a directory"
    LIBDIR=$(cd "$LIBDIR" && pwd)
fi
OUT=${OUT:-$VM_OUT/initramfs.cpio.gz}

vm_resolve_kernel
MODULES=$VM_KDIR/modules
[ -f "$MODULES/gpio-sim.ko" ] || vm_die "$MODULES/gpio-sim.ko is missing: run tools/vm/build-gpio-sim.sh"
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] && ! ldd "$BUSYBOX" >/dev/null 2>&1 \
    || vm_die "$BUSYBOX is missing or not static (apt-get install -y busybox-static)"
command -v cpio >/dev/null || vm_die "cpio is missing (apt-get install -y cpio)"

# Staged in a directory of its own, so that builds for several runs can go at once.
mkdir -p "$VM_OUT"
ROOTFS=$(mktemp -d "$VM_OUT/rootfs.XXXXXX")
trap 'rm -rf "$ROOTFS"' EXIT
mkdir -p "$ROOTFS"/{bin,sbin,usr/bin,lib/x86_64-linux-gnu,lib64,lib/modules,etc,proc,sys,dev,tmp,run,mnt,vmtest}

# busybox and the applets the scripts use (links made here: no --install at boot)
cp "$BUSYBOX" "$ROOTFS/bin/busybox"
for applet in sh ash cat echo ls mkdir mount umount insmod sleep poweroff sync dmesg \
              grep sed head tail base64 cmp uname mknod cp rm ps kill; do
    ln -s busybox "$ROOTFS/bin/$applet"
done

# The binaries and every shared library they load (found through ldd, the extra
# directory first), all in the image's default library path.
copy_with_libraries() {
    local binary=$1 name=$2 lib
    install -m 0755 "$binary" "$ROOTFS/usr/bin/$name"
    while read -r lib; do
        case "$lib" in
            */ld-linux-x86-64.so.2) cp -L "$lib" "$ROOTFS/lib64/ld-linux-x86-64.so.2" ;;
            /*) cp -L "$lib" "$ROOTFS/lib/x86_64-linux-gnu/$(basename "$lib")" ;;
        esac
    done < <(LD_LIBRARY_PATH=${LIBDIR}${LIBDIR:+:}${LD_LIBRARY_PATH:-} ldd "$binary" \
             | awk '/=> not found/ { print "MISSING " $1; next }
                    /=>/ { print $3; next } /^\t\// { print $1 }' \
             | { grep -v '^MISSING' || true; })
    if LD_LIBRARY_PATH=${LIBDIR}${LIBDIR:+:}${LD_LIBRARY_PATH:-} ldd "$binary" | grep -q 'not found'; then
        vm_die "$binary needs libraries ldd cannot find: $(ldd "$binary" | grep 'not found' | tr -s ' \t' ' ')"
    fi
}
copy_with_libraries "$SPIKERTD" spikertd
copy_with_libraries "$SPIKERT" spikert

# The in-VM test program: static, so it runs whatever the libraries are.
VMTEST=$VM_OUT/bin/vmtest
mkdir -p "$(dirname "$VMTEST")"
if [ ! -x "$VMTEST" ] || [ "$VM_ROOT/tools/vm/vmtest.c" -nt "$VMTEST" ]; then
    gcc -std=gnu11 -O2 -Wall -Wextra -Werror -Wno-format-truncation -static -o "$VMTEST.$$" "$VM_ROOT/tools/vm/vmtest.c"
    mv "$VMTEST.$$" "$VMTEST"
fi
install -m 0755 "$VMTEST" "$ROOTFS/usr/bin/vmtest"
install -m 0755 "$VM_ROOT/tools/vm/init.sh" "$ROOTFS/init"

# Modules, in load order (init.sh loads them as listed in /lib/modules/order).
module_from_kernel() {
    local path
    path=$(find "$KERNEL_MODULES/kernel" -name "$1.ko*" | head -1)
    [ -n "$path" ] || vm_die "the kernel $KVER has no module $1"
    case "$path" in
        *.ko) cp "$path" "$ROOTFS/lib/modules/$1.ko" ;;
        *.ko.xz) xz -dc "$path" > "$ROOTFS/lib/modules/$1.ko" ;;
        *.ko.zst) zstd -dcq "$path" > "$ROOTFS/lib/modules/$1.ko" ;;
        *) vm_die "cannot unpack $path" ;;
    esac
    echo "$1" >> "$ROOTFS/lib/modules/order"
}
grep -q '^CONFIG_CONFIGFS_FS=m$' "/boot/config-$KVER" && module_from_kernel configfs
cp "$MODULES/gpio-sim.ko" "$ROOTFS/lib/modules/" && echo gpio-sim >> "$ROOTFS/lib/modules/order"
if [ -f "$MODULES/iio_dummy.ko" ]; then
    grep -q '^CONFIG_IIO=m$' "/boot/config-$KVER" && module_from_kernel industrialio
    for m in industrialio-configfs industrialio-sw-device iio_dummy; do
        cp "$MODULES/$m.ko" "$ROOTFS/lib/modules/" && echo "$m" >> "$ROOTFS/lib/modules/order"
    done
fi

# The models, written and checked against the numpy reference by make_model.py.
python3 "$VM_ROOT/tools/vm/make_model.py" "$ROOTFS/vmtest" >&2

# What was packed, for the report: the daemon's version and libraries.
{
    echo "kernel=$KVER ($KERNEL_PKG_VERSION)"
    echo "spikertd=$SPIKERTD"
    echo "libgpiod=$(ls "$ROOTFS/lib/x86_64-linux-gnu" | grep '^libgpiod' | tr '\n' ' ')"
} > "$ROOTFS/vmtest/build-info"

mkdir -p "$(dirname "$OUT")"
(cd "$ROOTFS" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet -R 0:0) \
    | gzip -1 > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "${OUT#$VM_ROOT/}: $(du -k "$OUT" | cut -f1) KiB ($(cat "$ROOTFS/vmtest/build-info" | tr '\n' ';' ))" >&2
