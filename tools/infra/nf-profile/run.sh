#!/usr/bin/env bash
# CI entry point: build our reference assemblies + verifier, gate every .nfproj (and nano.sln),
# then prove the gate rejects each violation fixture.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
"$HERE/build-refs.sh"
"$HERE/check.sh"
"$HERE/test-gate.sh"
