#!/usr/bin/env python3
"""Code and read-only data of a linked ELF by where it came from, from a GNU ld map file.

usage: map_sizes.py golden.map

Reads the "Linker script and memory map" part of the map (the input sections the link
kept after --gc-sections, with their sizes) and sums them by origin:

  libspikert.a      split by the Swift module in the mangled section name: SpikeCore
                    ($e9SpikeCore), SpikeModel ($e10SpikeModel), the C ABI (spk_* and
                    $e7SpikeRT; SpikeCore's arena layout specialized for the loader's
                    BlobSource is the loader's: "SpikeModel (layout)"), the machine outliner's OUTLINED_FUNCTION_* (code
                    shared by all three), and the rest (Embedded Swift stdlib
                    specializations and runtime helpers)
  libcbor.a         per member object
  everything else   per archive or object (newlib libc/libm, libgcc, the runner, the
                    golden tables)

and, per origin, code (.text*) and read-only data (.rodata*, .ARM.ex*). Prints a table.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict

LINE = re.compile(r"^ (\.[^\s]+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(.+)$")


def origin(path: str, section: str) -> str:
    base = path.rsplit("/", 1)[-1]
    if base.startswith("libspikert.a("):
        name = section.split(".", 2)[-1] if section.count(".") >= 2 else section
        # Embedded Swift mangles with $e (full Swift: $s); the module name follows
        for mangled, label in (("9SpikeCore", "SpikeCore"), ("10SpikeModel", "SpikeModel"),
                               ("7SpikeRT", "C ABI (SpikeRT)")):
            if name.startswith("$e" + mangled) or name.startswith("$s" + mangled):
                # SpikeCore's arena layout specialized for the loader's description of
                # a blob (BlobSource): SpikeCore code by name, there only for the loader.
                if label == "SpikeCore" and "10BlobSourceV" in name:
                    return "libspikert.a: SpikeModel (layout)"
                return "libspikert.a: " + label
        if name.startswith("spk_"):
            return "libspikert.a: C ABI (SpikeRT)"
        if name.startswith("OUTLINED_FUNCTION"):
            return "libspikert.a: outlined (shared by all)"
        return "libspikert.a: Swift stdlib/runtime"
    if base.startswith("libcbor.a("):
        return "libcbor.a(" + base.split("(", 1)[1]
    return base


def kind(section: str) -> str:
    if section.startswith(".text"):
        return "text"
    if section.startswith(".rodata") or section.startswith(".ARM.ex"):
        return "rodata"
    return ""


def main(argv) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8", errors="replace") as f:
        text = f.read()
    start = text.find("Linker script and memory map")
    if start < 0:
        print("map_sizes: not a GNU ld map file", file=sys.stderr)
        return 2
    sums = defaultdict(lambda: {"text": 0, "rodata": 0})
    pending = None  # a section name on a line of its own; address/size/file follow
    for raw in text[start:].splitlines():
        if raw.startswith(" .") and len(raw.split()) == 1:
            pending = raw.strip()
            continue
        m = LINE.match(raw)
        if m:
            section = m.group(1) or pending
            pending = None
            if not section:
                continue
            size = int(m.group(3), 16)
            path = m.group(4).strip()
            k = kind(section)
            if not k or size == 0 or path.startswith("load address") or "(" not in path and not path.endswith(".o"):
                continue
            sums[origin(path, section)][k] += size
        else:
            pending = None
    rows = sorted(sums.items(), key=lambda kv: (not kv[0].startswith("libspikert"),
                                                not kv[0].startswith("libcbor"), kv[0]))
    print(f"{'origin':44} {'code':>9} {'rodata':>9}")
    groups = defaultdict(lambda: [0, 0])
    for name, v in rows:
        print(f"{name:44} {v['text']:9} {v['rodata']:9}")
        g = name.split(":")[0].split("(")[0]
        groups[g][0] += v["text"]
        groups[g][1] += v["rodata"]
    print(f"{'-' * 44} {'-' * 9} {'-' * 9}")
    for g in ("libspikert.a", "libcbor.a"):
        if g in groups:
            print(f"{g + ' total':44} {groups[g][0]:9} {groups[g][1]:9}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
