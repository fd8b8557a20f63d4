# Board profiles (boards/<id>, keys in boards/README.md): reading and checking one, and
# the Debian packages a board needs. Sourced by cross/board-build.sh and
# cross/check-boards.sh, not run.
# shellcheck shell=bash
# shellcheck disable=SC2034  # BOARD_* are used by the scripts that source this file
# shellcheck disable=SC2153  # BOARD_* are assigned by board_load (printf -v)

BOARD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Every key a profile has, in the order of boards/README.md. A profile names each one
# exactly once (empty when it does not apply), and no other.
BOARD_KEYS=(
    ID NAME KIND SOC CPU ARCH
    TRIPLE CC CFLAGS LDFLAGS
    SWIFT_TARGET SWIFT_FLAGS SWIFT_OPT
    DEBIAN_ARCH SYSROOT LIBCBOR LIBGPIOD BUILD_PACKAGES TEST_PACKAGES
    QEMU_USER QEMU_SYSTEM
    GPIO_CHIP_LABEL GPIO_CHIP_LINES GPIO_HEADER
)

# board_path NAME|PATH: the profile's file. A bare name is looked up in boards/.
board_path() {
    local arg=$1
    case "$arg" in
        */*) printf '%s\n' "$arg" ;;
        *)   if [ -f "$arg" ] && [ ! -f "$BOARD_ROOT/boards/$arg" ]; then
                 printf '%s\n' "$arg"
             else
                 printf '%s\n' "$BOARD_ROOT/boards/$arg"
             fi ;;
    esac
}

# board_ids: the ID of every profile in boards/ (files without an extension), sorted.
board_ids() {
    local f
    for f in "$BOARD_ROOT"/boards/*; do
        [ -f "$f" ] || continue
        case "$(basename "$f")" in *.*) continue ;; esac
        basename "$f"
    done | LC_ALL=C sort
}

# board_load FILE: read a profile into BOARD_<KEY> variables (BOARD_ID, BOARD_CC, ...).
# The format is checked, not executed: lines are blank, a comment (# in the first
# column) or KEY=VALUE; KEY is one of BOARD_KEYS; VALUE is bare (letters, digits and
# . _ , : / = + @ % -) or the same characters plus spaces and ( ) in double quotes.
# No escapes, no expansions, no trailing comments: the file means the same to sh's `.`
# and to a reader that splits at the first = and strips one pair of quotes. Then the
# values are checked against each other (board_check). Prints every problem found and
# returns 1 if there was one.
board_load() {
    local file=$1 line n=0 key value errors=0 k
    if [ ! -f "$file" ]; then
        echo "board: no profile $file (boards/ has: $(board_ids | paste -sd' '))" >&2
        return 1
    fi
    BOARD_FILE=$file
    for k in "${BOARD_KEYS[@]}"; do unset "BOARD_$k"; done
    local seen=" "
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1))
        case "$line" in ''|'#'*) continue ;; esac
        if [[ ! $line =~ ^([A-Z][A-Z0-9_]*)=(.*)$ ]]; then
            echo "board: $file:$n: not KEY=VALUE: $line" >&2; errors=1; continue
        fi
        key=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
        if [[ " ${BOARD_KEYS[*]} " != *" $key "* ]]; then
            echo "board: $file:$n: unknown key $key (documented keys: boards/README.md)" >&2; errors=1; continue
        fi
        if [[ $seen == *" $key "* ]]; then
            echo "board: $file:$n: $key given twice" >&2; errors=1; continue
        fi
        seen="$seen$key "
        if [[ $value =~ ^\"([A-Za-z0-9\ ._,:/=+@%()-]*)\"$ ]]; then
            value=${BASH_REMATCH[1]}
        elif [[ ! $value =~ ^[A-Za-z0-9._,:/=+@%-]*$ ]]; then
            echo "board: $file:$n: $key: value must be bare ([A-Za-z0-9._,:/=+@%-]) or in double quotes (those, spaces and parentheses): $value" >&2
            errors=1; continue
        fi
        printf -v "BOARD_$key" '%s' "$value"
    done <"$file"
    for k in "${BOARD_KEYS[@]}"; do
        if [[ $seen != *" $k "* ]]; then
            echo "board: $file: missing key $k (give it, empty if it does not apply)" >&2; errors=1
        fi
    done
    [ "$errors" = 0 ] || return 1
    board_check
}

# board_check: the loaded values against each other. Prints each problem, returns 1.
board_check() {
    local f=$BOARD_FILE errors=0 k
    bad() { echo "board: $f: $*" >&2; errors=1; }
    [ "$BOARD_ID" = "$(basename "$f")" ] || bad "ID=$BOARD_ID is not the file's name"
    [[ $BOARD_ID =~ ^[a-z0-9][a-z0-9-]*$ ]] || bad "ID must be lowercase letters, digits and -"
    case "$BOARD_KIND" in
        linux)
            for k in TRIPLE CC SWIFT_TARGET SWIFT_OPT ARCH DEBIAN_ARCH LIBCBOR LIBGPIOD; do
                [ -n "$(board_get "$k")" ] || bad "KIND=linux needs $k"
            done
            [ -z "$BOARD_QEMU_SYSTEM" ] || bad "KIND=linux runs under QEMU_USER, not QEMU_SYSTEM"
            case "$BOARD_SWIFT_TARGET" in
                *-none-*) [ -n "$BOARD_SYSROOT" ] || bad "a *-none-* SWIFT_TARGET on Linux needs SYSROOT (the target's libc headers)" ;;
            esac
            ;;
        bare-metal)
            for k in TRIPLE SWIFT_TARGET SWIFT_OPT ARCH; do
                [ -n "$(board_get "$k")" ] || bad "KIND=bare-metal needs $k"
            done
            case "$BOARD_SWIFT_TARGET" in *-none-*) ;; *) bad "KIND=bare-metal needs a *-none-* SWIFT_TARGET" ;; esac
            [ -z "$BOARD_QEMU_USER" ] || bad "KIND=bare-metal has no QEMU_USER (QEMU_SYSTEM runs it)"
            [ -z "$BOARD_GPIO_HEADER" ] || bad "KIND=bare-metal has no Linux GPIO chip"
            [ -z "$BOARD_LIBGPIOD" ] || bad "KIND=bare-metal has no libgpiod (a Linux library)"
            ;;
        *) bad "KIND must be linux or bare-metal, not '$BOARD_KIND'" ;;
    esac
    case "$BOARD_SWIFT_OPT" in ''|-O|-Osize|-Ounchecked) ;; *) bad "SWIFT_OPT must be -O, -Osize or -Ounchecked" ;; esac
    case "$BOARD_LIBCBOR" in ''|multiarch|source) ;; *) bad "LIBCBOR must be multiarch or source" ;; esac
    if [ "$BOARD_LIBCBOR" = multiarch ] && [ -z "$BOARD_DEBIAN_ARCH" ]; then
        bad "LIBCBOR=multiarch needs DEBIAN_ARCH"
    fi
    case "$BOARD_LIBGPIOD" in ''|multiarch|source) ;; *) bad "LIBGPIOD must be multiarch or source" ;; esac
    if [ "$BOARD_LIBGPIOD" = multiarch ] && [ -z "$BOARD_DEBIAN_ARCH" ]; then
        bad "LIBGPIOD=multiarch needs DEBIAN_ARCH"
    fi
    if [ -n "$BOARD_CC" ] && [ -n "$BOARD_TRIPLE" ] && [ "$BOARD_ID" != host ]; then
        case "$BOARD_CC" in "$BOARD_TRIPLE"-*) ;; *) bad "CC=$BOARD_CC is not $BOARD_TRIPLE's (TRIPLE-gcc)" ;; esac
    fi
    # The GPIO header: ascending physical pins 1-40, each once, to lines of the chip.
    if [ -n "$BOARD_GPIO_HEADER" ]; then
        [ -n "$BOARD_GPIO_CHIP_LABEL" ] || bad "GPIO_HEADER needs GPIO_CHIP_LABEL"
        [[ $BOARD_GPIO_CHIP_LINES =~ ^[1-9][0-9]*$ ]] || bad "GPIO_HEADER needs GPIO_CHIP_LINES (a count)"
        local item pin line last=0 lines=${BOARD_GPIO_CHIP_LINES:-0} used=" "
        [[ $lines =~ ^[0-9]+$ ]] || lines=0
        for item in $BOARD_GPIO_HEADER; do
            if [[ ! $item =~ ^([1-9][0-9]?):(0|[1-9][0-9]*)$ ]]; then
                bad "GPIO_HEADER: '$item' is not PIN:LINE"; continue
            fi
            pin=${BASH_REMATCH[1]} line=${BASH_REMATCH[2]}
            [ "$pin" -le 40 ] || bad "GPIO_HEADER: pin $pin is not on a 40-pin header"
            [ "$pin" -gt "$last" ] || bad "GPIO_HEADER: pin $pin out of order or repeated"
            [ "$line" -lt "$lines" ] || bad "GPIO_HEADER: line $line of pin $pin is not below GPIO_CHIP_LINES=$lines"
            [[ $used != *" $line "* ]] || bad "GPIO_HEADER: line $line on two pins"
            used="$used$line "
            last=$pin
        done
    elif [ -n "$BOARD_GPIO_CHIP_LABEL$BOARD_GPIO_CHIP_LINES" ]; then
        bad "GPIO_CHIP_LABEL/GPIO_CHIP_LINES without GPIO_HEADER"
    fi
    unset -f bad
    [ "$errors" = 0 ]
}

# board_get KEY: the loaded value of KEY.
board_get() { local v="BOARD_$1"; printf '%s' "${!v-}"; }

# board_native: true when the build machine runs the board's executables itself.
board_native() { [ "$BOARD_KIND" = linux ] && [ -z "$BOARD_QEMU_USER" ] && [ "$BOARD_ARCH" = "$(uname -m)" ]; }

# board_cbor_dirs: where the target's libcbor is: include/, lib/, lib/pkgconfig/ as
# three lines (headers, library directory, pkg-config directory). LIBCBOR=source:
# out/libcbor/TRIPLE (cross/libcbor-source.sh), or the prefix SPK_LIBCBOR_PREFIX names
# (a libcbor built elsewhere for the target: DIR/include, DIR/lib).
board_cbor_dirs() {
    case "$BOARD_LIBCBOR" in
        multiarch) printf '%s\n' /usr/include "/usr/lib/$BOARD_TRIPLE" "/usr/lib/$BOARD_TRIPLE/pkgconfig" ;;
        source)    local p=${SPK_LIBCBOR_PREFIX:-$BOARD_ROOT/out/libcbor/$BOARD_TRIPLE}
                   p=$(cd "$p" 2>/dev/null && pwd || printf '%s' "$p")
                   printf '%s\n' "$p/include" "$p/lib" "$p/lib/pkgconfig" ;;
        *)         printf '%s\n' /usr/include "" "" ;;
    esac
}

# board_gpiod_dirs: where the target's libgpiod (1.6) is: include/, lib/ as two lines
# (headers, library directory). LIBGPIOD=multiarch: Debian's libgpiod-dev:DEBIAN_ARCH;
# source: out/libgpiod/TRIPLE (cross/libgpiod-source.sh, static); either way the prefix
# SPK_LIBGPIOD_PREFIX names, when set, instead (a libgpiod built elsewhere for the
# target: DIR/include/gpiod.h, DIR/lib/libgpiod.*). Empty lines without a libgpiod.
board_gpiod_dirs() {
    local p=${SPK_LIBGPIOD_PREFIX:-}
    if [ -z "$p" ]; then
        case "$BOARD_LIBGPIOD" in
            multiarch) printf '%s\n' /usr/include "/usr/lib/$BOARD_TRIPLE"; return 0 ;;
            source)    p=$BOARD_ROOT/out/libgpiod/$BOARD_TRIPLE ;;
            *)         printf '\n\n'; return 0 ;;
        esac
    fi
    p=$(cd "$p" 2>/dev/null && pwd || printf '%s' "$p")
    printf '%s\n' "$p/include" "$p/lib"
}

# board_qemu_runner: the command that runs a Linux board's executable on this machine
# (empty when it runs natively): QEMU_USER with the target's dynamic loader and libraries
# (-L SYSROOT; the multiarch library directory of the target, where Debian's
# libcbor-dev:ARCH and libgpiod-dev:ARCH put libcbor.so and libgpiod.so, on
# LD_LIBRARY_PATH; LIBCBOR=source and LIBGPIOD=source are linked statically).
board_qemu_runner() {
    [ -n "$BOARD_QEMU_USER" ] || return 0
    local r=$BOARD_QEMU_USER
    [ -z "$BOARD_SYSROOT" ] || r="$r -L $BOARD_SYSROOT"
    if [ "$BOARD_LIBCBOR" = multiarch ] || [ "$BOARD_LIBGPIOD" = multiarch ]; then
        r="$r -E LD_LIBRARY_PATH=/usr/lib/$BOARD_TRIPLE"
    fi
    printf '%s\n' "$r"
}

# board_missing_packages PKG...: those not installed (dpkg), one per line.
board_missing_packages() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
    done
}

# board_install_packages PKG...: apt-get install those missing. Foreign architectures
# named by PKG:ARCH are added first (dpkg --add-architecture: the machine's existing apt
# sources then serve them; no source entry is written). An apt-get update that reports
# an error (a mirror in the middle of a sync, a third-party source without that
# architecture) is tolerated: apt-get install decides. Needs root.
board_install_packages() {
    local missing p arch
    mapfile -t missing < <(board_missing_packages "$@")
    [ ${#missing[@]} -gt 0 ] || return 0
    if [ "$(id -u)" != 0 ]; then
        echo "board: missing packages: ${missing[*]} (as root: apt-get install ${missing[*]})" >&2
        return 1
    fi
    for p in "${missing[@]}"; do
        case "$p" in
            *:*) arch=${p##*:}
                 dpkg --print-foreign-architectures | grep -qx "$arch" \
                     || [ "$arch" = "$(dpkg --print-architecture)" ] \
                     || { echo "+ dpkg --add-architecture $arch"; dpkg --add-architecture "$arch"; } ;;
        esac
    done
    export DEBIAN_FRONTEND=noninteractive
    echo "+ apt-get update"
    apt-get -o DPkg::Lock::Timeout=600 update -qq \
        || echo "board: warning: apt-get update reported errors; trying the install anyway" >&2
    echo "+ apt-get install ${missing[*]}"
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}"
}
