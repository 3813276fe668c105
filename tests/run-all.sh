#!/usr/bin/env bash
# Runs every test of the project, in the order that fails fastest on a broken layer:
# repository self-contained (no code names the folder beside the clone) -> native C core ->
# interop glue -> nanoFramework profile gate -> vectors -> managed tests (nanoFramework test
# files on .NET) -> host binding tests -> per-frame allocation analyzer -> end-to-end sessions -> adversarial
# suite (attacker proxy, property tests, libFuzzer, soak) -> the native benchmark's figures.
# Each suite prints its own figures; the last line counts the suites.
# Environment: USMP_FUZZ_SECONDS (default 60) bounds each libFuzzer target.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/infra/install-deps.sh test || exit 1
command -v dotnet >/dev/null || { echo "the .NET 10 SDK (dotnet) is required: https://dot.net"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

passed=0 failed=0 failures=()
suite() {
  local name=$1; shift
  echo
  echo "=== suite: $name"
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "=== $name: PASS ($((SECONDS - t0)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "=== $name: FAIL ($((SECONDS - t0)) s)"
  fi
}

suite "repository self-contained (no file but *.md names the shared folder beside the clone)" tests/self-contained.sh
suite "native core (ctest, ASan/UBSan, valgrind constant-time, mbedTLS 3.6 compat)" env USMP_SKIP_FUZZ=1 native-interop/test.sh
suite "nanoCLR interop glue compile check" native-interop/nanoclr/check.sh
suite "nanoFramework profile gate" tools/infra/nf-profile/run.sh
suite "test vectors up to date" python3 tests/vectors/generate.py --check
suite "managed tests (NFUnitTest on .NET)" tests/run-managed.sh
suite "host binding tests" dotnet test tools/dotnet/Usmp.Native.DotNet.Tests --nologo -v q
suite "per-frame path: no string literal or allocation beyond tests/perframe/allowlist.txt (static analyzer)" dotnet test tests/perframe --nologo -v q --logger "console;verbosity=normal"
suite "end-to-end sessions (gateway + device on loopback)" dotnet test tests/e2e --nologo -v q
suite "adversarial: attacker proxy, property tests, libFuzzer, soak (figures)" tests/adversarial/run.sh
suite "native benchmark (figures only: instruction counts, sizes, stack)" native-interop/bench/run.sh
suite "managed benchmark (figures per frame: bytes allocated, native calls, managed calls, bytes copied, ldstr)" dotnet run --project tests/bench/Usmp.Bench -c Release

echo
if [ "$failed" -gt 0 ]; then
  printf 'failed suite: %s\n' "${failures[@]}"
fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
