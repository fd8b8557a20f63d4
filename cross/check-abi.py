#!/usr/bin/env python3
"""Check the C ABI of libspikert.a against include/spikert.h and the committed list
include/spikert.symbols.

    cross/check-abi.py [--update] [--cc CC] [--header H] [--list L] [LIB.a ...]

The list holds one line per exported function: its name, a tab, and its prototype as
the header declares it (whitespace normalised), plus a `# major N` line with the major
part of SPK_VERSION_NUMBER it was written for. It is the promise the library makes to
the firmware linked against it.

Fails (exit 1) when
  1. a function of the list is gone from the header, or its prototype changed, and
     the major part of SPK_VERSION_NUMBER is still the list's (removing or changing a
     function is a major version change; then run --update to record the new list);
  2. the header declares a function the list lacks (run --update: adding is fine);
  3. an archive does not define exactly the listed functions as global symbols, or
     defines any other global symbol (everything else must be local);
  4. an archive has an undefined symbol other than libc's memory/string helpers, the
     ARM EABI helpers, the stack protector's and libcbor's streaming decoder and
     buffer encoders — in particular no malloc/free/posix_memalign and no swift_*;
  5. an archive has any symbol, local or not, named swift_* (the Swift runtime).

--update rewrites the list from the header (only allowed when nothing was removed or
changed, or when the major part of SPK_VERSION_NUMBER moved on).
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = os.path.join(ROOT, "include", "spikert.h")
LIST = os.path.join(ROOT, "include", "spikert.symbols")
NM = "/opt/swift/usr/bin/llvm-nm"

ALLOWED_UNDEFINED = re.compile(
    r"^(memcpy|memmove|memset|memcmp|__stack_chk_fail|__stack_chk_guard"
    r"|__aeabi_(memcpy|memmove|memset|memclr)[48]?|__aeabi_(l|ul)(asr|lsr|lsl|mul|divmod|cmp|div)"
    r"|__aeabi_u?idiv(mod)?"
    r"|__(u|)(div|mod)[dt]i3|__ashl[dt]i3|__ashr[dt]i3|__lshr[dt]i3|__mul[dt]i3"
    r"|cbor_stream_decode|cbor_encode_[a-z0-9_]+)$")


def header_prototypes(cc, header):
    """name -> normalised prototype, from the preprocessed header."""
    text = subprocess.run([cc, "-E", "-P", "-std=c99", header], check=True,
                          capture_output=True, text=True).stdout
    text = re.sub(r"\s+", " ", text)
    protos = {}
    for decl in text.split(";"):
        decl = decl.strip()
        m = re.match(r"^(?:extern\s+)?[A-Za-z_][\w\s\*]*?\b(spk_[a-z0-9_]+)\s*\((.*)\)$", decl)
        if not m or decl.startswith("typedef"):
            continue
        norm = re.sub(r"\s*([(),*])\s*", r"\1", decl)
        norm = norm.replace(",", ", ").replace("*", " *").replace("  ", " ").replace("( ", "(")
        norm = re.sub(r" \*(\s*\*)", r" **", norm)
        protos[m.group(1)] = norm + ";"
    return protos


def header_major(cc, header):
    out = subprocess.run([cc, "-E", "-P", "-std=c99", "-dM", header], check=True,
                         capture_output=True, text=True).stdout
    m = re.search(r"#define SPK_VERSION_NUMBER (\d+)", out)
    return int(m.group(1)) // 1_000_000


def read_list(path):
    major, protos = None, {}
    if not os.path.exists(path):
        return major, protos
    for line in open(path):
        line = line.rstrip("\n")
        m = re.match(r"^# major (\d+)$", line)
        if m:
            major = int(m.group(1))
        if not line or line.startswith("#"):
            continue
        name, proto = line.split("\t", 1)
        protos[name] = proto
    return major, protos


def write_list(path, major, protos):
    with open(path, "w") as f:
        f.write("# The exported functions of libspikert.a and their prototypes, as\n"
                "# include/spikert.h declares them. Checked by cross/check-abi.py: a function\n"
                "# may be added (run cross/check-abi.py --update), never removed or changed\n"
                "# without a new major part of SPK_VERSION_NUMBER.\n")
        f.write(f"# major {major}\n")
        for name in sorted(protos):
            f.write(f"{name}\t{protos[name]}\n")


def nm(path):
    out = subprocess.run([NM, "-A", path], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        parts = line.split()
        # "<file>: [value] type name"
        if len(parts) >= 3:
            rows.append((parts[-2], parts[-1]))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    ap.add_argument("--header", default=HEADER, help="header to read (default include/spikert.h)")
    ap.add_argument("--list", default=LIST, help="symbol list (default include/spikert.symbols)")
    ap.add_argument("archives", nargs="*")
    a = ap.parse_args()

    header = header_prototypes(a.cc, a.header)
    major = header_major(a.cc, a.header)
    list_major, listed = read_list(a.list)
    problems = []

    gone = [n for n in listed if n not in header]
    changed = [n for n in listed if n in header and header[n] != listed[n]]
    added = [n for n in header if n not in listed]
    breaking = gone or changed
    if breaking and list_major == major:
        for n in gone:
            problems.append(f"{n} is in include/spikert.symbols but not in the header "
                            f"(removing a function needs a new major version)")
        for n in changed:
            problems.append(f"{n} changed:\n    was  {listed[n]}\n    now  {header[n]}\n"
                            f"  (changing a prototype needs a new major version)")
    if a.update:
        if problems:
            for p in problems:
                print("check-abi: " + p, file=sys.stderr)
            return 1
        write_list(a.list, major, header)
        print(f"check-abi: wrote {a.list} ({len(header)} functions, major {major})")
        return 0
    if breaking and list_major != major:
        problems.append(f"major version moved from {list_major} to {major}: run "
                        f"cross/check-abi.py --update to record the new list")
    for n in added:
        problems.append(f"{n} is declared in the header but not in include/spikert.symbols "
                        f"(run cross/check-abi.py --update)")

    for path in a.archives:
        rows = nm(path)
        defined_global = {n for t, n in rows if t in "TDRBCVW" and t.isupper()}
        undefined = {n for t, n in rows if t in "Uw"}
        for n in sorted(set(listed) - defined_global):
            problems.append(f"{path}: {n} is not defined")
        for n in sorted(defined_global - set(listed)):
            problems.append(f"{path}: unexpected global symbol {n}")
        for n in sorted(undefined):
            if not ALLOWED_UNDEFINED.match(n):
                problems.append(f"{path}: undefined symbol {n} is neither libc's nor libcbor's "
                                f"streaming/encoding API")
        for t, n in rows:
            if n.startswith("swift_") or n.startswith("_swift_"):
                problems.append(f"{path}: Swift runtime symbol {n} ({t})")
        size = os.path.getsize(path)
        print(f"check-abi: {path}: {len(defined_global)} functions, "
              f"undefined: {' '.join(sorted(undefined))}  ({size} bytes)")

    for p in problems:
        print("check-abi: " + p, file=sys.stderr)
    if problems:
        return 1
    print(f"check-abi: ok ({len(listed)} functions, major {major})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
