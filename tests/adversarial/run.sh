#!/usr/bin/env bash
# tests/adversarial/run.sh [--long]
# The figures: the adversarial suite (attacker proxy between the real client and gateway), the
# property tests (if tests/property exists), the native libFuzzer runs
# (${USMP_FUZZ_SECONDS:-60} s per target) and the soak (short: 50 devices x 100 messages; --long:
# the defaults, 200 x 1000). Prints one table. Exit non-zero if a test failed, a must-be-zero
# figure (lost, duplicated, reordered, crashes) is not zero, or the soak's memory grew with
# traffic (gateway RSS / soak heap, see Soak/MemoryFlatness.cs). Last line:
#   adversarial: N passed, N failed
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
long=0
for a in "$@"; do
  case "$a" in
    --long) long=1 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "unknown option $a (use --long)" >&2; exit 2 ;;
  esac
done
logs="$root/tests/adversarial/out"
mkdir -p "$logs"
passed=0; failed=0
check() { # name, condition-exit-code
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED CHECK: $1"; fi
}

cd "$root"
if [ ! -f native-interop/build/libusmp_native.so ]; then
  echo "== building native-interop/build/libusmp_native.so"
  cmake -S native-interop -B native-interop/build -DUSMP_BUILD_TESTS=OFF >/dev/null && cmake --build native-interop/build -j2 >/dev/null
fi

# ---- 1. adversarial suite
echo "== adversarial suite (tests/adversarial/Usmp.Adversarial.Tests)"
counts="$logs/attack-counts.tsv"; : >"$counts"
USMP_ADVERSARIAL_COUNTS="$counts" dotnet test tests/adversarial/Usmp.Adversarial.Tests --nologo >"$logs/suite.log" 2>&1
suite_rc=$?
suite_line=$(grep -E '(Passed|Failed)! +- Failed: ' "$logs/suite.log" | tail -1)
suite_pass=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$suite_line"); suite_fail=$(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$suite_line")
suite_pass=${suite_pass:-0}; suite_fail=${suite_fail:-?}
echo "$suite_line"
[ "$suite_rc" -ne 0 ] && grep -E '^\s+Failed |Error Message' -A2 "$logs/suite.log" | head -40
passed=$((passed + suite_pass))
if [ "$suite_fail" = "0" ] && [ "$suite_rc" -eq 0 ]; then :; else failed=$((failed + ${suite_fail//\?/1})); fi

# ---- 2. property tests
prop_cases="n/a"; prop_status="n/a"
if [ -d tests/property ] && ls tests/property/*.csproj >/dev/null 2>&1; then
  echo "== property tests (tests/property)"
  dotnet test tests/property --nologo >"$logs/property.log" 2>&1
  prop_rc=$?
  f=tests/property/bin/Debug/net10.0/property-cases.txt
  if [ -f "$f" ]; then prop_cases=$(tail -1 "$f" | sed -nE 's/^property cases: *([0-9]+).*/\1/p'); fi
  prop_cases=${prop_cases:-"?"}
  prop_status=$([ $prop_rc -eq 0 ] && echo pass || echo FAIL)
  grep -E '(Passed|Failed)! +- Failed: ' "$logs/property.log" | tail -1
  check "property tests" $prop_rc
fi

# ---- 3. native fuzzing
fuzz_secs=${USMP_FUZZ_SECONDS:-60}
fuzz_total=0; fuzz_rows=""; fuzz_status="n/a"
if [ -x native-interop/fuzz/run.sh ] && command -v clang >/dev/null 2>&1; then
  echo "== libFuzzer (native-interop/fuzz/run.sh $fuzz_secs)"
  native-interop/fuzz/run.sh "$fuzz_secs" >"$logs/fuzz.log" 2>&1
  fuzz_rc=$?
  while read -r target execs; do
    fuzz_rows="$fuzz_rows$(printf '  %-34s %14s' "$target" "$execs")"$'\n'
    [[ "$execs" =~ ^[0-9]+$ ]] && fuzz_total=$((fuzz_total + execs))
  done < <(sed -nE 's/^ok +([a-z_0-9]+): ([0-9?]+) executions.*/\1 \2/p' "$logs/fuzz.log" | sort -u)
  fails=$(grep -cE '^FAIL ' "$logs/fuzz.log")
  fuzz_status=$([ $fuzz_rc -eq 0 ] && echo pass || echo FAIL)
  grep -E '^FAIL ' "$logs/fuzz.log"
  for t in $(sed -nE 's/^ok +([a-z_0-9]+):.*/\1/p' "$logs/fuzz.log" | sort -u); do check "fuzz $t" 0; done
  [ "$fails" -gt 0 ] && for _ in $(seq "$fails"); do check "fuzz target crashed" 1; done
  [ "$fuzz_rc" -ne 0 ] && [ "$fails" -eq 0 ] && check "fuzz run.sh" 1
else
  echo "== libFuzzer: skipped (clang or native-interop/fuzz/run.sh missing)"
fi

# ---- 4. soak
if [ $long -eq 1 ]; then soak_args=(); else soak_args=(--devices 50 --messages 100); fi
echo "== soak ${soak_args[*]:-(defaults: 200 devices x 1000 messages)}"
dotnet build tests/adversarial/Soak -c Release --nologo -v q >"$logs/soak-build.log" 2>&1 || { tail -20 "$logs/soak-build.log"; }
dotnet tests/adversarial/Soak/bin/Release/net10.0/Usmp.Soak.dll "${soak_args[@]}" 2>&1 | tee "$logs/soak.log" | grep -E '^soak: (kill|gateway back|devices|sessions|lost|reconnects|gateway_rss|soak_managed|memory_|devices_that|wall|PASS|FAIL)'
soak_rc=${PIPESTATUS[0]}
sv() { sed -nE "s/.*[ :]$1=([-0-9]+).*/\1/p" "$logs/soak.log" | tail -1; }
s_sessions=$(sv sessions); s_msgs=$(sv messages_soaked); s_lost=$(sv lost); s_dup=$(sv duplicated); s_reord=$(sv reordered)
s_corrupt=$(sv corrupt); s_crash=$(sv crashes); rssv() { grep '^soak: gateway_rss_kb' "$logs/soak.log" | sed -nE "s/.* $1=([-0-9]+).*/\1/p" | tail -1; }
rss_conn=$(rssv connected); rss_kill=$(rssv at_kill); rss_after=$(rssv after_restart); rss_end=$(rssv end)
s_recon=$(sed -nE 's/.*devices_that_reconnected_by_themselves=([0-9]+\/[0-9]+).*/\1/p' "$logs/soak.log")
for f in lost:$s_lost duplicated:$s_dup reordered:$s_reord corrupt:$s_corrupt crashes:$s_crash; do
  v=${f#*:}; check "soak ${f%%:*} must be 0 (got ${v:-missing})" $([ "${v:-x}" = "0" ] && echo 0 || echo 1)
done
mem_flat=$(sed -nE 's/^soak: memory_flat=([a-zA-Z]+).*/\1/p' "$logs/soak.log" | tail -1)
check "soak memory flat (gateway RSS and soak heap, per gateway lifetime; got ${mem_flat:-missing})" $([ "${mem_flat:-x}" = "yes" ] && echo 0 || echo 1)
check "soak run (every message echoed, every device reconnected, memory flat)" $soak_rc

# ---- table
echo
echo "================ USMP adversarial figures ================"
printf '%-44s %s\n' "adversarial suite tests" "$suite_pass passed, $suite_fail failed"
echo "cases tried per attack class:"
awk -F'\t' '{c[$1]+=$2} END {for (k in c) printf "  %-42s %6d\n", k, c[k]}' "$counts" | sort
awk -F'\t' '{t+=$2} END {printf "  %-42s %6d\n", "TOTAL", t}' "$counts"
printf '%-44s %s\n' "property-test cases" "$prop_cases ($prop_status)"
echo "fuzz executions (${fuzz_secs}s per target, $fuzz_status):"
printf '%s' "$fuzz_rows"
printf '  %-34s %14s\n' "TOTAL" "$fuzz_total"
printf '%-44s %s\n' "soak sessions (handshakes)" "${s_sessions:-?}"
printf '%-44s %s\n' "soak messages (echoed and checked)" "${s_msgs:-?}"
printf '%-44s %s\n' "messages lost (must be 0)" "${s_lost:-?}"
printf '%-44s %s\n' "messages duplicated (must be 0)" "${s_dup:-?}"
printf '%-44s %s\n' "messages reordered (must be 0)" "${s_reord:-?}"
printf '%-44s %s\n' "messages corrupted (must be 0)" "${s_corrupt:-?}"
printf '%-44s %s\n' "crashes (must be 0)" "${s_crash:-?}"
printf '%-44s %s\n' "devices reconnected after kill -9" "${s_recon:-?}"
printf '%-44s %s\n' "gateway RSS kB (connected / at kill)" "${rss_conn:-?} / ${rss_kill:-?}"
printf '%-44s %s\n' "gateway RSS kB (after restart / end)" "${rss_after:-?} / ${rss_end:-?}"
echo "memory per gateway lifetime (max of last third of samples - max of first third; bound):"
sed -nE 's/^soak: memory_flat series=([a-z_]+) lifetime=([0-9]+) samples=([0-9]+) first_third_max=([0-9]+) last_third_max=([0-9]+) growth=([-0-9]+) bound=([0-9]+) unit=([a-zA-Z]+) ([A-Z_]+).*/\1 \2 \3 \4 \5 \6 \7 \8 \9/p' "$logs/soak.log" |
  while read -r series life n first last growth bound unit verdict; do
    printf '  %-13s lifetime %s: %2s samples, %s -> %s %s, growth %s (bound %s) %s\n' "$series" "$life" "$n" "$first" "$last" "$unit" "$growth" "$bound" "$verdict"
  done
printf '%-44s %s\n' "memory flat (must be yes)" "${mem_flat:-?}"
echo "logs: $logs"
echo "adversarial: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
