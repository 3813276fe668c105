#!/usr/bin/env bash
# fuzz/run.sh [seconds-per-target, default 60]
# Builds the libFuzzer harnesses with clang (-fsanitize=fuzzer,address,undefined) in
# native-interop/build-fuzz, seeds each from the golden/transcript vectors, runs each target
# for the given time and fails on any crash or sanitizer report. Prints executions per target.
set -euo pipefail
SECS="${1:-60}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
VEC="${USMP_VECTORS_DIR:-$HERE/../tests/vectors/data}"
BUILD="${USMP_FUZZ_BUILD_DIR:-$HERE/build-fuzz}"
TARGETS="fuzz_open_frame fuzz_consume_challenge fuzz_consume_session_ok fuzz_consume_hello
fuzz_consume_hello_ack fuzz_parse_hello_retry fuzz_parse_utack fuzz_abi"

echo "== fuzz: building harnesses with clang in $BUILD"
CC="${FUZZ_CC:-clang}" cmake -S "$HERE" -B "$BUILD" -DUSMP_FUZZ=ON -DUSMP_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUSMP_VECTORS_DIR="$VEC" >/dev/null
cmake --build "$BUILD" -j2 --target fuzzers >/dev/null

CORPUS="$BUILD/corpus"
rm -rf "$CORPUS"
echo "== fuzz: seeding $CORPUS from $VEC"
python3 "$HERE/fuzz/make_corpus.py" "$VEC" "$CORPUS"

failed=0
summary=""
for t in $TARGETS; do
  mkdir -p "$CORPUS/$t" "$BUILD/artifacts/$t"
  log="$BUILD/$t.log"
  set +e
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "$BUILD/fuzz/$t" -max_total_time="$SECS" -print_final_stats=1 -rss_limit_mb=2048 \
    -artifact_prefix="$BUILD/artifacts/$t/" "$CORPUS/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1 || true)"
  cov="$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}' || true)"
  if [ $rc -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error:' "$log"; then
    failed=1
    line="FAIL  $t (exit $rc) - see $log"
    tail -30 "$log"
  else
    line="ok    $t: ${execs:-?} executions in ${SECS}s, coverage ${cov:-?} edges"
  fi
  echo "$line"
  summary="$summary$line"$'\n'
done
echo "== fuzz summary"
printf '%s' "$summary"
exit $failed
