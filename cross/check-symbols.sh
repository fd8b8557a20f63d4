#!/usr/bin/env bash
# Check the Embedded SpikeCore (and SpikeModel) objects built by cross/embedded-build.sh
# against the design's invariants: no allocation, integer only at run time, and for
# SpikeModel none of libcbor's allocating API.
#
#   cross/check-symbols.sh [--out DIR] [--src DIR] [--target T ...]
#
#   --out DIR     where the objects are      (default out/embedded; DIR/<target>/SpikeCore.o)
#   --src DIR     SpikeCore sources to scan  (default Sources/SpikeCore)
#   --target T    check only T (repeatable)  (default: the four shipped targets)
#
# Fails (exit 1) when
#   1. an object is missing, or was built without -function-sections;
#   2. an object has an undefined reference to an allocator or to Swift's
#      refcounting/allocation runtime (malloc, free, ..., swift_allocObject,
#      swift_retain, swift_release, swift_slowAlloc);
#   3. code reachable from SpikeCore's own symbols calls one of those, or the
#      other allocation/refcounting entry points, even where the object carries
#      the Embedded runtime's weak definitions (then nm shows them as defined, so
#      an undefined-only check would never see the call);
#   4. the armv6m object references a soft-float helper (__aeabi_f*, __aeabi_d*,
#      __aeabi_[u]i2f/d, __aeabi_[u]l2f/d, libgcc __addsf3/__muldf3/__fixsfsi/...)
#      or a libm function (round, sqrt, ...); other targets print them as a note;
#   5. the sources name a floating-point type (Float, Double, Float16, Float32,
#      Float64, Float80, CGFloat) or contain a floating-point literal, outside
#      comments and string literals (SpikeCore and SpikeModel sources);
#   6. a SpikeModel object (x86_64 and aarch64; see embedded-build.sh) is missing,
#      breaks rules 1-3, or references a libcbor function other than
#      cbor_stream_decode and cbor_encode_* (cbor_load, cbor_new_*, cbor_build_*,
#      cbor_serialize_alloc, cbor_copy, *_alloc ... all allocate).
# Prints a per-target table: object size, .text size, .text reachable from
# SpikeCore's symbols, undefined symbols.
set -euo pipefail

# shellcheck source=cross/embedded-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/embedded-common.sh"
SELECTED=()
MODEL_SRC=$ROOT/Sources/SpikeModel
MODEL_TARGETS=("${TARGETS[@]}")  # SpikeModel is built for every target (embedded-build.sh)

die() { echo "check-symbols: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --out)    [ $# -ge 2 ] || die "--out needs a directory"; OUT=$2; shift 2 ;;
        --src)    [ $# -ge 2 ] || die "--src needs a directory"; SRC=$2; shift 2 ;;
        --target) [ $# -ge 2 ] || die "--target needs a triple"; SELECTED+=("$2"); shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *)        die "unknown argument: $1 (try --help)" ;;
    esac
done
[ ${#SELECTED[@]} -eq 0 ] || TARGETS=("${SELECTED[@]}")
[ -d "$SRC" ] || die "no such source directory: $SRC"

# llvm-nm/llvm-objdump read every target's ELF; GNU nm/objdump only the host's,
# so they are a fallback for the x86_64 object alone.
pick() {
    local t
    for t in "$@"; do
        if [ -x "$t" ]; then echo "$t"; return; fi
        if command -v "$t" >/dev/null 2>&1; then command -v "$t"; return; fi
    done
    return 1
}
NM=$(pick /opt/swift/usr/bin/llvm-nm llvm-nm nm) || die "no nm found"
OBJDUMP=$(pick /opt/swift/usr/bin/llvm-objdump llvm-objdump objdump) || die "no objdump found"
PYTHON=$(pick python3) || die "python3 is needed"

TARGET_LIST=$(printf '%s\n' "${TARGETS[@]}")
MODEL_TARGET_LIST=$(printf '%s\n' "${MODEL_TARGETS[@]}")
export NM OBJDUMP OUT SRC TARGET_LIST MODEL_SRC MODEL_TARGET_LIST

exec "$PYTHON" - <<'PYEOF'
import os, re, subprocess, sys

NM, OBJDUMP, OUT, SRC = (os.environ[k] for k in ("NM", "OBJDUMP", "OUT", "SRC"))
TARGETS = [t for t in os.environ["TARGET_LIST"].split("\n") if t]
MODEL_SRC = os.environ["MODEL_SRC"]
MODEL_TARGETS = [t for t in os.environ["MODEL_TARGET_LIST"].split("\n") if t and t in TARGETS]

# libcbor: only the allocation-free streaming decoder and buffer encoders (rule 6).
CBOR_ALLOWED = re.compile(r"^(cbor_stream_decode|cbor_encode_\w+)$")

# Undefined references that must never appear (rule 2).
FORBIDDEN_UNDEF = {
    "malloc", "free", "calloc", "realloc", "posix_memalign", "aligned_alloc",
    "memalign", "valloc",
    "swift_allocObject", "swift_retain", "swift_release", "swift_slowAlloc",
}
# Calls that SpikeCore code must never reach, defined in the object or not (rule 3).
FORBIDDEN_CALLS = FORBIDDEN_UNDEF | {
    "swift_retain_n", "swift_release_n", "swift_bridgeObjectRetain",
    "swift_bridgeObjectRetain_n", "swift_bridgeObjectRelease",
    "swift_bridgeObjectRelease_n", "swift_allocEmptyBox", "swift_allocBox",
    "swift_deallocObject", "swift_deallocClassInstance", "swift_slowDealloc",
    "swift_initStackObject", "swift_unknownObjectRetain", "swift_unknownObjectRelease",
}
# Soft-float helpers (rule 4): ARM EABI and libgcc/compiler-rt names.
SOFT_FLOAT = [
    re.compile(r"^__aeabi_(f|d)"),                  # __aeabi_fadd, __aeabi_dmul, __aeabi_d2iz ...
    re.compile(r"^__aeabi_(u?i|u?l)2(f|d)$"),       # __aeabi_i2f, __aeabi_ul2d ...
    re.compile(r"^__aeabi_h2f|^__aeabi_f2h"),
    re.compile(r"^__[a-z]+(sf|df|tf|xf|hf)[0-9a-z]*$"),  # __addsf3, __fixdfsi, __floatsisf ...
    re.compile(r"^__gnu_(f2h|h2f)"),
    # libm: only ever called for floating point
    re.compile(r"^(round|floor|ceil|trunc|sqrt|cbrt|exp2?|expm1|log(2|10|1p)?|pow|fmod|"
               r"remainder|fma|fmin|fmax|rint|lrint|llrint|lround|llround|nearbyint|"
               r"sin|cos|tan|asin|acos|atan2?|sinh|cosh|tanh|hypot|ldexp|frexp|modf)[fl]?$"),
]
# Sections whose relocations point back at code (unwind, debug): not call edges.
NON_EDGE_SECTION = re.compile(r"^(\.ARM\.exidx|\.ARM\.extab|\.eh_frame|\.debug|\.note|\.comment|\.llvm|\.rel)")
# The Embedded runtime's own definitions (weak) are not roots.
RUNTIME_NAME = re.compile(r"^_?swift_|^\$es")

def run(*args):
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"check-symbols: {' '.join(args)} failed:\n{p.stderr}")
    return p.stdout

def is_soft_float(name):
    return any(p.search(name) for p in SOFT_FLOAT)

def symbols(obj):
    """[(name, class, section, size)] from nm's SysV format."""
    out = []
    for line in run(NM, "-f", "sysv", obj).splitlines():
        parts = line.split("|")
        if len(parts) < 7:
            continue
        name, _value, cls, _type, size, _line, section = (p.strip() for p in parts[:7])
        out.append((name, cls, section, int(size, 16) if size else 0))
    return out

def sections(obj):
    """{name: size} from objdump -h."""
    out = {}
    for line in run(OBJDUMP, "-h", obj).splitlines():
        m = re.match(r"^\s*\d+\s+(\S+)\s+([0-9a-fA-F]+)\s", line)
        if m:
            out[m.group(1)] = int(m.group(2), 16)
    return out

def relocations(obj):
    """{section: set(target symbol or section)}."""
    out, cur = {}, None
    for line in run(OBJDUMP, "-r", obj).splitlines():
        m = re.match(r"^RELOCATION RECORDS FOR \[(.+)\]:$", line)
        if m:
            cur = m.group(1)
            out.setdefault(cur, set())
            continue
        if cur is None or not line.strip() or line.startswith("OFFSET"):
            continue
        cols = line.split()
        if len(cols) >= 3:
            target = re.sub(r"[+-]0x[0-9a-fA-F]+$", "", cols[2])
            out[cur].add(target)
    return out

def check_object(target, obj, failures, module="SpikeCore"):
    syms = symbols(obj)
    secs = sections(obj)
    relocs = relocations(obj)
    defined_in = {}
    for name, cls, section, _ in syms:
        if cls not in ("U", "w", "v") and section:
            defined_in[name] = section
    undef = sorted({n for n, c, _, _ in syms if c in ("U", "w", "v") and n not in defined_in})

    text_total = sum(v for k, v in secs.items() if k == ".text" or k.startswith(".text."))
    roots = [n for n, c, s, _ in syms
             if c in ("T", "D", "R", "B") and not RUNTIME_NAME.search(n)]
    if not roots:
        failures.append(f"{target}: no {module} symbols in {obj} (empty module?)")
    if module == "SpikeModel":
        for name in undef:
            if name.startswith("cbor_") and not CBOR_ALLOWED.match(name):
                failures.append(f"{target}: SpikeModel references libcbor's {name} "
                                "(only cbor_stream_decode and cbor_encode_* are allowed)")
    if secs.get(".text", 0) > 0 and any(defined_in.get(r) == ".text" for r in roots):
        failures.append(f"{target}: code is in one .text section; build with -function-sections "
                        "(cross/embedded-build.sh does) so calls can be attributed")

    # Reachability from SpikeCore's symbols over relocation edges, section by section.
    seen_secs, seen_ext, parent = set(), set(), {}
    work = []
    for r in roots:
        s = defined_in.get(r)
        if s and s not in seen_secs:
            seen_secs.add(s); parent[s] = r; work.append(s)
    while work:
        s = work.pop()
        if NON_EDGE_SECTION.search(s):
            continue
        for t in relocs.get(s, ()):
            dest = defined_in.get(t, t if t in secs else None)
            if t in FORBIDDEN_CALLS or dest is None:
                if t not in seen_ext:
                    seen_ext.add(t); parent[("ext", t)] = s
                if dest is None:
                    continue
            if dest not in seen_secs:
                seen_secs.add(dest); parent[dest] = s; work.append(dest)
    reach_text = sum(secs.get(s, 0) for s in seen_secs if s.startswith(".text"))

    def chain(t):
        """t <- section <- ... <- SpikeCore symbol it was reached from."""
        path, node = [t], parent.get(("ext", t))
        while node is not None and len(path) < 16:
            path.append(node)
            if node not in secs:          # a root symbol name
                break
            nxt = parent.get(node)
            if nxt == node:
                break
            node = nxt
        return " <- ".join(path)

    for name in undef:
        if name in FORBIDDEN_UNDEF:
            failures.append(f"{target}: undefined reference to {name}")
    for t in sorted(seen_ext & FORBIDDEN_CALLS):
        failures.append(f"{target}: {module} code reaches {t}: {chain(t)}")
    floats = [n for n in undef if is_soft_float(n)]
    if floats and target.startswith("armv6m"):
        failures.append(f"{target}: soft-float helpers referenced: {', '.join(floats)}")
    reached_undef = sorted(t for t in seen_ext if t in undef)
    return {
        "target": target if module == "SpikeCore" else f"{target} [{module}]",
        "obj": os.path.getsize(obj), "module": module, "text": text_total,
        "reach": reach_text, "undef": undef, "reached_undef": reached_undef,
        "floats": floats,
    }

# ---- rule 5: floating point in the sources --------------------------------------

FLOAT_TYPE = re.compile(r"\b(Float|Double|Float16|Float32|Float64|Float80|CGFloat)\b")
FLOAT_LIT = re.compile(r"(?<![\w.])(?:\d[\d_]*\.\d[\d_]*(?:[eE][+-]?\d+)?|\d[\d_]*[eE][+-]?\d+|0x[\da-fA-F_]+(?:\.[\da-fA-F_]+)?[pP][+-]?\d+)\b")

def strip_swift(text):
    """Blank out comments (nested /* */ too) and string literals, keep newlines."""
    out, i, n = [], 0, len(text)
    def blank(s):
        return "".join(c if c == "\n" else " " for c in s)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(text[i:j])); i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j): depth += 1; j += 2
                elif text.startswith("*/", j): depth -= 1; j += 2
                else: j += 1
            out.append(blank(text[i:j])); i = j
        elif c == '"' or (c == "#" and re.match(r'#+"', text[i:])):
            hashes = len(re.match(r'#*', text[i:]).group(0))
            j = i + hashes
            triple = text.startswith('"""', j)
            quote = '"""' if triple else '"'
            close = quote + "#" * hashes
            j += len(quote)
            kept = []                       # interpolations \( ... ) stay code
            esc = "\\" + "#" * hashes
            while j < n:
                if text.startswith(esc + "(", j):
                    k, depth = j + len(esc) + 1, 1
                    while k < n and depth:
                        depth += {"(": 1, ")": -1}.get(text[k], 0); k += 1
                    kept.append((j + len(esc) + 1 - i, k - 1 - i))
                    j = k; continue
                if text.startswith(esc, j):
                    j += len(esc) + 1; continue
                if text.startswith(close, j):
                    j += len(close); break
                if not triple and text[j] == "\n":
                    break
                j += 1
            seg = list(blank(text[i:j]))
            for a, b in kept:
                seg[a:b] = strip_swift(text[i + a:i + b])
            out.append("".join(seg)); i = j
        else:
            out.append(c); i += 1
    return "".join(out)

def scan_sources(src, failures):
    files = []
    for d, _, names in os.walk(src):
        files += [os.path.join(d, f) for f in names if f.endswith(".swift")]
    if not files:
        failures.append(f"sources: no .swift files under {src}")
    hits = 0
    for path in sorted(files):
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        code = strip_swift(raw).split("\n")
        lines = raw.split("\n")
        for no, line in enumerate(code, 1):
            for rx, what in ((FLOAT_TYPE, "floating-point type"), (FLOAT_LIT, "floating-point literal")):
                m = rx.search(line)
                if m:
                    hits += 1
                    failures.append(f"{os.path.relpath(path)}:{no}: {what} '{m.group(0)}': {lines[no-1].strip()}")
    return len(files), hits

# ---- main -----------------------------------------------------------------------

failures, rows = [], []
for target in TARGETS:
    obj = os.path.join(OUT, target, "SpikeCore.o")
    if not os.path.isfile(obj):
        failures.append(f"{target}: missing {obj} (run cross/embedded-build.sh)")
        continue
    rows.append(check_object(target, obj, failures))
for target in MODEL_TARGETS:
    obj = os.path.join(OUT, target, "SpikeModel.o")
    if not os.path.isfile(obj):
        failures.append(f"{target}: missing {obj} (run cross/embedded-build.sh)")
        continue
    rows.append(check_object(target, obj, failures, "SpikeModel"))
nfiles, nhits = scan_sources(SRC, failures)
if os.path.isdir(MODEL_SRC):
    mfiles, mhits = scan_sources(MODEL_SRC, failures)
    nfiles, nhits = nfiles + mfiles, nhits + mhits

print(f"{'target':<40} {'object':>8} {'.text':>8} {'reached':>8}  undefined symbols")
for r in rows:
    print(f"{r['target']:<40} {r['obj']:>8} {r['text']:>8} {r['reach']:>8}  "
          f"{' '.join(r['undef']) or '-'}")
print("  (sizes in bytes; 'reached' = .text reachable from the module's own symbols)")
for r in rows:
    print(f"  {r['target']}: undefined and reached from {r['module']} code: "
          f"{' '.join(r['reached_undef']) or '-'}")
    if r["floats"] and not r["target"].startswith("armv6m"):
        print(f"  {r['target']}: note: soft-float helpers referenced: {' '.join(r['floats'])}")
print(f"  sources: {nfiles} files scanned for floating point, {nhits} hits")

if failures:
    print("\ncheck-symbols: FAILED", file=sys.stderr)
    for f in failures:
        print(f"  {f}", file=sys.stderr)
    sys.exit(1)
print("check-symbols: ok")
PYEOF
