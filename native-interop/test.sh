#!/usr/bin/env bash
# native-interop/test.sh - everything CI runs for the native crypto core:
#   1. Release build (build/, gives build/libusmp_native.so) + ctest
#   2. ASan/UBSan build (build-asan/, clang if present else gcc) + ctest
#   3. valgrind constant-time check (part of the Release ctest run, repeated here by name), once
#      per AES backend (mbedTLS on AES-NI, our constant-time AES forced and as the no-AES-NI
#      default); the variant linked to mbedTLS's table-based AES MUST be reported
#   4. libFuzzer run: fuzz/run.sh ${USMP_FUZZ_SECONDS:-60} per target
#   5. Mbed TLS 3.6 API compatibility check
# Needs: cmake, gcc or clang, libmbedtls-dev, clang + libclang-rt-14-dev, valgrind, python3.
# Installs nothing. Exits non-zero if any step fails; prints a summary at the end.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VEC="${USMP_VECTORS_DIR:-$HERE/../tests/vectors/data}"
FUZZ_SECONDS="${USMP_FUZZ_SECONDS:-60}"
declare -a RESULTS=()
FAILED=0

step() { # step <name> <command...>
  local name="$1"; shift
  echo
  echo "================ $name"
  if "$@"; then
    RESULTS+=("PASS  $name")
  else
    RESULTS+=("FAIL  $name")
    FAILED=1
  fi
}

release() {
  cmake -S "$HERE" -B "$HERE/build" -DCMAKE_BUILD_TYPE=Release -DUSMP_BUILD_TESTS=ON \
    -DUSMP_SANITIZE=OFF -DUSMP_VECTORS_DIR="$VEC" &&
    cmake --build "$HERE/build" -j2 &&
    test -f "$HERE/build/libusmp_native.so" &&
    ctest --test-dir "$HERE/build" --output-on-failure -j2 -E constant_time_valgrind
}

sanitized() {
  local cc=gcc
  command -v clang >/dev/null 2>&1 && cc=clang
  CC=$cc cmake -S "$HERE" -B "$HERE/build-asan" -DCMAKE_BUILD_TYPE=Debug -DUSMP_BUILD_TESTS=ON \
    -DUSMP_SANITIZE=ON -DUSMP_VECTORS_DIR="$VEC" &&
    cmake --build "$HERE/build-asan" -j2 &&
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      ctest --test-dir "$HERE/build-asan" --output-on-failure -j2 -E compat_mbedtls36
}

constant_time() {
  if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind not installed: the constant-time check cannot run"
    return 1
  fi
  ctest --test-dir "$HERE/build" --output-on-failure -V -R constant_time_valgrind | grep -E "ct_check|leak self-test|expected leak|Passed|Failed|uninitialised|Error"
  return "${PIPESTATUS[0]}"
}

fuzz() {
  USMP_VECTORS_DIR="$VEC" "$HERE/fuzz/run.sh" "$FUZZ_SECONDS"
}

compat36() {
  cmake --build "$HERE/build" --target compat_check_mbedtls36
}

step "release build + ctest" release
step "ASan/UBSan build + ctest" sanitized
step "valgrind constant-time check" constant_time
if [ "${USMP_SKIP_FUZZ:-0}" = 1 ]; then
  # tests/run-all.sh runs the fuzzers once, in tests/adversarial/run.sh, which reports their figures.
  RESULTS+=("SKIP  libFuzzer (USMP_SKIP_FUZZ=1: run by tests/adversarial/run.sh)")
else
  step "libFuzzer (${FUZZ_SECONDS}s per target)" fuzz
fi
step "Mbed TLS 3.6 compat check" compat36

echo
echo "================ native-interop summary"
for r in "${RESULTS[@]}"; do echo "$r"; done
if [ $FAILED -ne 0 ]; then
  echo "native-interop: FAILED"
  exit 1
fi
echo "native-interop: all checks passed"
