# Shared by the tools/vm scripts (sourced, not run): where things go, and which kernel.
#
# The kernel is Debian's own: the version the installed linux-image-amd64 meta-package
# depends on, resolved every time from dpkg (never written down here), so a new point
# release of the kernel needs no change. Its headers (linux-headers-amd64) and the
# kernel source (linux-source-6.1) must be of the same package version, because the
# gpio-sim module reads a private structure of gpiolib (drivers/gpio/gpiolib.h) whose
# layout must be the running kernel's.

VM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VM_OUT=${VM_OUT:-$VM_ROOT/out/vm}

vm_die() { echo "${0##*/}: error: $*" >&2; exit 2; }
vm_note() { echo "${0##*/}: $*" >&2; }

# The package a meta-package depends on: "linux-image-6.1.0-57-amd64 (= 6.1.192-3)" ->
# linux-image-6.1.0-57-amd64.
vm_meta_target() {
    local deps
    deps=$(dpkg-query -W -f='${Depends}' "$1" 2>/dev/null) \
        || vm_die "$1 is not installed (apt-get install -y qemu-system-x86 linux-image-amd64 linux-headers-amd64 linux-source-6.1 busybox-static)"
    echo "$deps" | tr ',|' '\n\n' | sed -n "s/^ *\($2[^ ]*\).*/\1/p" | head -1
}

vm_package_version() {
    dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true
}

# Sets KVER (e.g. 6.1.0-57-amd64), KERNEL_IMAGE, KERNEL_HEADERS, KERNEL_MODULES and
# KERNEL_PKG_VERSION (e.g. 6.1.192-3), checking that image and headers agree.
vm_resolve_kernel() {
    local image headers
    image=$(vm_meta_target linux-image-amd64 linux-image-)
    [ -n "$image" ] || vm_die "cannot tell which kernel linux-image-amd64 depends on"
    KVER=${image#linux-image-}
    KERNEL_PKG_VERSION=$(vm_package_version "$image")
    KERNEL_IMAGE=/boot/vmlinuz-$KVER
    KERNEL_MODULES=/lib/modules/$KVER
    [ -r "$KERNEL_IMAGE" ] || vm_die "$KERNEL_IMAGE is missing (is $image installed?)"
    headers=$(vm_meta_target linux-headers-amd64 linux-headers-)
    [ "$headers" = "linux-headers-$KVER" ] \
        || vm_die "linux-headers-amd64 depends on '$headers', the image is $KVER: install the matching headers"
    [ "$(vm_package_version "$headers")" = "$KERNEL_PKG_VERSION" ] \
        || vm_die "$headers is $(vm_package_version "$headers"), $image is $KERNEL_PKG_VERSION"
    KERNEL_HEADERS=/usr/src/linux-headers-$KVER
    [ -f "$KERNEL_HEADERS/Makefile" ] || vm_die "$KERNEL_HEADERS is missing"
    VM_KDIR=$VM_OUT/kernel/$KVER
}
