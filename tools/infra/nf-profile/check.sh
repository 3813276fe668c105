#!/usr/bin/env bash
# The nanoFramework profile gate over every .nfproj under firmware/ and tests/, then the solution check.
# Requires build-refs.sh to have run. Exit non-zero on any failure.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
rc=0
python3 "$HERE/gate.py" check || rc=1
python3 "$HERE/sln.py" check || rc=1
exit $rc
