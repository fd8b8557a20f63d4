#!/usr/bin/env python3
"""Run golden-format cases through the numpy reference and fill in "expected".

usage: python3 tools/reference/run_case.py IN.json [OUT.json]

IN.json holds one case (an object) or a list of cases; the "expected" key may be
missing and is (re)computed.  The result goes to OUT.json, or to stdout.
On an invalid network the error is printed to stderr and the exit status is 2.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import goldenjson  # noqa: E402
import spikeref  # noqa: E402


def fill(case):
    if not isinstance(case, dict):
        raise ValueError("case: expected an object")
    out = {k: v for k, v in case.items() if k != "expected"}
    out["expected"] = spikeref.run_case(case)
    return out


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 64
    with open(argv[1], encoding="utf-8") as f:
        data = json.load(f)
    try:
        result = [fill(c) for c in data] if isinstance(data, list) else fill(data)
    except ValueError as err:
        print(f"invalid case: {err}", file=sys.stderr)
        return 2
    text = goldenjson.dumps(result)
    if len(argv) == 3:
        with open(argv[2], "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
