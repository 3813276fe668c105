#!/usr/bin/env bash
# Compile-checks the nanoCLR interop glue on a PC and checks its names mechanically against
# firmware/Usmp.Native/CryptoNative.cs; then proves the name check can fail (negative tests).
# No ESP32 toolchain needed: check/nanoCLR_Interop_min.h stands in for nf-interpreter's headers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cs="$root/firmware/Usmp.Native"
abi="$root/native-interop/include/usmp_abi.h"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

echo "-- compile (g++ -std=c++11 -Wall -Wextra -Werror) against check/nanoCLR_Interop_min.h + usmp_abi.h"
n=0
for f in "$here"/*.cpp; do
  if g++ -std=c++11 -Wall -Wextra -Werror -I"$here/check" -I"$here/check/shim" -I"$root/native-interop/include" \
       -c "$f" -o "$tmp/$(basename "$f").o"; then
    n=$((n + 1)); echo "ok   $(basename "$f")"
  else
    fail=1; echo "FAIL $(basename "$f")"
  fi
done
echo "compiled: $n files"

echo "-- names against CryptoNative.cs"
python3 "$here/check/check_names.py" --cs-dir "$cs" --glue-dir "$here" --abi "$abi" || fail=1

echo "-- negative tests: the name check must reject each modified copy"
negative() { # $1 = description, $2 = sed expression applied to CryptoNative.cs
  rm -rf "$tmp/cs"; cp -r "$cs" "$tmp/cs"
  sed -i "$2" "$tmp/cs/CryptoNative.cs"
  if cmp -s "$cs/CryptoNative.cs" "$tmp/cs/CryptoNative.cs"; then
    echo "FAIL negative test '$1' did not modify the file"; fail=1; return
  fi
  if python3 "$here/check/check_names.py" --cs-dir "$tmp/cs" --glue-dir "$here" --abi "$abi" >"$tmp/out" 2>&1; then
    echo "FAIL negative test '$1' was accepted"; fail=1
  else
    echo "ok   rejected: $1 ($(grep -c MISMATCH "$tmp/out") mismatches)"
  fi
}
negative "int -> ref int in SealFrame" 's/SealFrame(byte\[\] output, int outputOffset/SealFrame(byte[] output, ref int outputOffset/'
negative "renamed extern" 's/extern int Crc16(/extern int Crc16Modbus(/'
negative "two externs swapped" '/extern int UtackMac(/{s/UtackMac/UTMP_SWAP/};/extern int UtackVerify(/{s/UtackVerify/UtackMac/};s/UTMP_SWAP/UtackVerify/'
negative "extra parameter" 's/HmacSha256(byte\[\] mac, byte\[\] key/HmacSha256(byte[] mac, byte[] key, byte[] extra/'

if [ "$fail" -ne 0 ]; then echo "nanoclr glue check: FAILED"; exit 1; fi
echo "nanoclr glue check: all passed"
