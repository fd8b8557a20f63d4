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

# What the tests need (Debian packages, the Python packages in a venv) is installed
# by tools/setup.sh when missing; its venv's python3 goes first on PATH, for these
# tests and for the Swift tests' reference runs.
venv_bin=$(tools/setup.sh --test --print-venv-bin)
export PATH=$venv_bin:$PATH

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
