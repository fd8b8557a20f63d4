#!/usr/bin/env bash
# Build the kernel modules the VM test needs but Debian's amd64 kernel lacks, out of
# tree, against the installed linux-headers package:
#
#   gpio-sim.ko   drivers/gpio/gpio-sim.c and kernel/irq/irq_sim.c linked into one
#                 module (Debian's kernel has neither CONFIG_GPIO_SIM nor
#                 CONFIG_IRQ_SIM). irq_sim.c calls irq_to_desc(), which the kernel
#                 does not export; that one call is replaced by generic_handle_irq(),
#                 which does the same lookup and is exported.
#   industrialio-configfs.ko, industrialio-sw-device.ko, iio_dummy.ko
#                 the IIO dummy device (drivers/iio/dummy/iio_simple_dummy.c, without
#                 its optional event and buffer parts) and the configfs interface that
#                 creates it (Debian has CONFIG_IIO=m but not IIO_CONFIGFS,
#                 IIO_SW_DEVICE or IIO_SIMPLE_DUMMY). Skipped with --no-iio.
#
#   tools/vm/build-gpio-sim.sh [--no-iio]
#
# Sources come from the linux-source-6.1 package of the same version as the kernel,
# extracted once (one pass over the tarball, about 15 s) into
# out/vm/kernel/KVER/src; the modules land in out/vm/kernel/KVER/modules/. A second
# run with nothing changed only checks the stamps and returns. Both gpio-sim and the
# IIO configfs driver need configfs, which Debian builds as a module (configfs.ko,
# copied from the kernel's own modules by build-initramfs.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

IIO=1
while [ $# -gt 0 ]; do
    case "$1" in
        --no-iio) IIO=0; shift ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) vm_die "unknown option $1" ;;
    esac
done

vm_resolve_kernel
CONFIG=/boot/config-$KVER
[ -r "$CONFIG" ] || vm_die "$CONFIG is missing"
grep -Eq '^CONFIG_CONFIGFS_FS=(y|m)$' "$CONFIG" \
    || vm_die "the kernel $KVER has no configfs (CONFIG_CONFIGFS_FS), which gpio-sim needs"
grep -q '^CONFIG_GPIO_CDEV=y$' "$CONFIG" \
    || vm_die "the kernel $KVER has no GPIO character device (CONFIG_GPIO_CDEV)"
if [ "$IIO" = 1 ] && ! grep -Eq '^CONFIG_IIO=(y|m)$' "$CONFIG"; then
    vm_note "the kernel $KVER has no IIO core (CONFIG_IIO); leaving out the IIO modules"
    IIO=0
fi

SOURCE_TAR=/usr/src/linux-source-6.1.tar.xz
[ -r "$SOURCE_TAR" ] || vm_die "$SOURCE_TAR is missing (apt-get install -y linux-source-6.1)"
SOURCE_VERSION=$(vm_package_version linux-source-6.1)
[ "$SOURCE_VERSION" = "$KERNEL_PKG_VERSION" ] \
    || vm_die "linux-source-6.1 is $SOURCE_VERSION but the kernel $KVER is $KERNEL_PKG_VERSION; gpio-sim reads gpiolib's private structures, so they must match"

SRC=$VM_KDIR/src
MODULES=$VM_KDIR/modules
mkdir -p "$SRC" "$MODULES"
# One build at a time (several runs may start together).
exec 9>"$VM_KDIR/.lock"
flock 9

# --- sources: one pass over the tarball, kept until the package version changes ----
FILES=(drivers/gpio/gpio-sim.c drivers/gpio/gpiolib.h kernel/irq/irq_sim.c
       drivers/iio/industrialio-configfs.c drivers/iio/industrialio-sw-device.c
       drivers/iio/dummy/iio_simple_dummy.c drivers/iio/dummy/iio_simple_dummy.h)
STAMP="linux-source-6.1 $SOURCE_VERSION: ${FILES[*]}"
if [ "$(cat "$SRC/.stamp" 2>/dev/null)" != "$STAMP" ]; then
    vm_note "extracting ${#FILES[@]} files from $SOURCE_TAR ($SOURCE_VERSION)"
    rm -rf "$SRC.tmp" && mkdir -p "$SRC.tmp"
    tar -xJf "$SOURCE_TAR" -C "$SRC.tmp" --strip-components=1 \
        "${FILES[@]/#/linux-source-6.1/}"
    rm -rf "$SRC" && mv "$SRC.tmp" "$SRC"
    echo "$STAMP" > "$SRC/.stamp"
fi

# Copy $1 to $2 only if different, so that make sees no change on a rerun.
install_if_changed() {
    if ! cmp -s "$1" "$2"; then cp "$1" "$2"; fi
}

# --- gpio-sim + irq_sim in one module --------------------------------------------
build_gpio_sim() {
    local dir=$VM_KDIR/gpio-sim
    mkdir -p "$dir"
    # The module is called gpio-sim, so its C file gets another name (Kbuild cannot
    # have a composite object named like one of its parts).
    install_if_changed "$SRC/drivers/gpio/gpio-sim.c" "$dir/gpio-sim-main.c"
    install_if_changed "$SRC/drivers/gpio/gpiolib.h" "$dir/gpiolib.h"
    sed 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' \
        "$SRC/kernel/irq/irq_sim.c" > "$dir/irq_sim.c.new"
    grep -q 'generic_handle_irq(irqnum);' "$dir/irq_sim.c.new" \
        && ! grep -q 'irq_to_desc' "$dir/irq_sim.c.new" \
        || vm_die "irq_sim.c of $SOURCE_VERSION no longer has the irq_to_desc() call this script replaces; look at $SRC/kernel/irq/irq_sim.c"
    install_if_changed "$dir/irq_sim.c.new" "$dir/irq_sim.c"
    rm -f "$dir/irq_sim.c.new"
    cat > "$dir/Kbuild.new" <<'EOF'
obj-m := gpio-sim.o
gpio-sim-y := gpio-sim-main.o irq_sim.o
EOF
    install_if_changed "$dir/Kbuild.new" "$dir/Kbuild"
    rm -f "$dir/Kbuild.new"
    make -s -C "$KERNEL_HEADERS" M="$dir" modules >"$dir/build.log" 2>&1 \
        || { cat "$dir/build.log" >&2; vm_die "gpio-sim did not build (log above)"; }
    install_if_changed "$dir/gpio-sim.ko" "$MODULES/gpio-sim.ko"
}

# --- the IIO dummy device and its configfs interface -----------------------------
build_iio() {
    local dir=$VM_KDIR/iio
    mkdir -p "$dir"
    install_if_changed "$SRC/drivers/iio/industrialio-configfs.c" "$dir/industrialio-configfs.c"
    install_if_changed "$SRC/drivers/iio/industrialio-sw-device.c" "$dir/industrialio-sw-device.c"
    install_if_changed "$SRC/drivers/iio/dummy/iio_simple_dummy.c" "$dir/iio_simple_dummy.c"
    install_if_changed "$SRC/drivers/iio/dummy/iio_simple_dummy.h" "$dir/iio_simple_dummy.h"
    # The symbols of industrialio.ko (Debian's) come from the headers' Module.symvers;
    # iio_dummy needs those of industrialio-sw-device, built here first.
    cat > "$dir/Kbuild.new" <<'EOF'
obj-m := industrialio-configfs.o industrialio-sw-device.o iio_dummy.o
iio_dummy-y := iio_simple_dummy.o
EOF
    install_if_changed "$dir/Kbuild.new" "$dir/Kbuild"
    rm -f "$dir/Kbuild.new"
    make -s -C "$KERNEL_HEADERS" M="$dir" modules >"$dir/build.log" 2>&1 \
        || { cat "$dir/build.log" >&2; vm_die "the IIO dummy modules did not build (log above)"; }
    for m in industrialio-configfs industrialio-sw-device iio_dummy; do
        install_if_changed "$dir/$m.ko" "$MODULES/$m.ko"
    done
}

build_gpio_sim
[ "$IIO" = 1 ] && build_iio
echo "$KVER" > "$MODULES/kernel-version"
ls "$MODULES"/*.ko | sed "s|^$VM_ROOT/||"
