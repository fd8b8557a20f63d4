#!/usr/bin/env bash
# The project's test command (the README's, and the one .ci/run calls):
#   1. the numpy reference's own tests, and a check that the committed golden vectors
#      are exactly what the reference generates today;
#   2. the Swift test suite (golden vectors, behaviour tests, 1,000,000-tick property
#      test that compares a sample with the reference).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! python3 -c 'import numpy, pytest' 2>/dev/null; then
    echo "test.sh: installing the Python requirements (tools/requirements.txt)" >&2
    python3 -m pip install -q --disable-pip-version-check -r tools/requirements.txt
fi

echo "== reference self-tests"
python3 -m pytest tools/reference -q
echo "== golden vectors up to date"
python3 tools/reference/gen_golden.py --check
echo "== swift test"
swift test "$@"
