#!/usr/bin/env bash
# The project's test command (the README's, and the one .ci/run calls):
#   1. the numpy reference's own tests (with its own reading of the committed blobs), and
#      a check that the committed golden vectors and the expected outputs of the sample
#      blobs are exactly what the reference computes today; run without tools/python on
#      the path, since the reference stands apart from the tools;
#   2. the Python tools' tests (blob writer and reader, CDDL validation of every blob),
#      and a check that the committed blobs are what the tools write today;
#   3. tools/crosscheck: the two agree (schema tables against docs/model.cddl, exported
#      NIR graphs run by the reference against a float simulation, fuzzed exports);
#   4. the Swift test suite (golden vectors, behaviour tests, 1,000,000-tick property
#      test that compares a sample with the reference).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The C libraries the Swift package builds against (libcbor for the loader, libgpiod
# for the daemon's GPIO backend): installed from Debian when missing and we are root.
if ! pkg-config --exists libcbor libgpiod 2>/dev/null || [ ! -e /usr/include/gpiod.h ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "test.sh: installing libcbor-dev libgpiod-dev pkg-config (apt-get)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            libcbor-dev libgpiod-dev pkg-config >/dev/null
    else
        echo "test.sh: missing C libraries; run: sudo apt-get install -y libcbor-dev libgpiod-dev pkg-config" >&2
        exit 1
    fi
fi

if ! python3 -c 'import numpy, pytest, cbor2, nir, cddl_verifier' 2>/dev/null; then
    echo "test.sh: installing the Python requirements (tools/requirements.txt)" >&2
    python3 -m pip install -q --disable-pip-version-check -r tools/requirements.txt
fi

echo "== reference self-tests"
python3 -m pytest tools/reference -q
echo "== golden vectors up to date"
python3 tools/reference/gen_golden.py --check
echo "== expected outputs of the sample blobs up to date"
python3 tools/reference/expected.py --check

export PYTHONPATH="$PWD/tools/python${PYTHONPATH:+:$PYTHONPATH}"
echo "== Python tools"
python3 -m pytest tools/python -q
echo "== blobs up to date and valid against docs/model.cddl"
python3 -m spikert_tools.goldens --check
python3 -m spikert_tools.demo --check
echo "== exporter and reference agree"
python3 -m pytest tools/crosscheck -q
echo "== swift test"
swift test "$@"
