#!/usr/bin/env bash
# Compile-checks the nanoCLR interop glue on a PC and checks its names mechanically against
# firmware/Usmp.Native/CryptoNative.cs; then proves the name check can fail (negative tests).
# No ESP32 toolchain needed: check/nanoCLR_Interop_min.h stands in for nf-interpreter's headers.
# Then recompiles firmware/Usmp.Native (as the profile gate does) and recomputes the MetadataProcessor's
# method_lookup order and native checksum (check/mdp-dump + check/mdp_tables.py): FAILS if
# Usmp_Native_native.cpp differs, or if AssemblyNativeVersion disagrees with the glue.
#   check.sh --regenerate   rewrites Usmp_Native_native.cpp from the current sources, then checks.
set -euo pipefail
regenerate=0
[ "${1:-}" = "--regenerate" ] && regenerate=1
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

echo "-- MetadataProcessor tables: method_lookup order + native checksum, recomputed from the compiled assembly"
refdir="$root/tools/nf-profile/build/ref"
[ -f "$refdir/mscorlib.dll" ] || "$root/tools/nf-profile/build-refs.sh" >/dev/null
# shellcheck source=../../tools/nf-profile/lib/csc-env.sh
. "$root/tools/nf-profile/lib/csc-env.sh"
dumper="$here/build/mdp-dump/mdp-dump.dll"
if [ ! -f "$dumper" ] || [ -n "$(find "$here/check/mdp-dump" -newer "$dumper" -name '*.cs*' -print -quit)" ]; then
  dotnet build "$here/check/mdp-dump/MdpDump.csproj" -c Release -o "$here/build/mdp-dump" -nologo -v:q >/dev/null
fi
mdp() { python3 "$here/check/mdp_tables.py" "$@"; }
# compile_native <cs dir> <config> <out.dll>: the gate's csc command for Usmp.Native.nfproj
compile_native() {
  local defs="NANOFRAMEWORK_1_0;TRACE" opt="-optimize+"
  [ "$2" = Debug ] && defs="NANOFRAMEWORK_1_0;DEBUG;TRACE" opt="-optimize-"
  mapfile -t srcs < <(sed -n 's#.*<Compile Include="\([^"]*\)".*#\1#p' "$1/Usmp.Native.nfproj" | tr '\\' / | sed "s#^#$1/#")
  "${CSC[@]}" -nologo -nostdlib -noconfig -target:library -langversion:9 "-define:$defs" -nowarn:CS1591 \
    -deterministic "$opt" "-out:$3" "-r:$refdir/mscorlib.dll" "${srcs[@]}" >"$3.log" || { cat "$3.log"; return 1; }
}
mkdir -p "$here/build"
for config in Release Debug; do   # the output file name is the assembly name, which the checksum covers
  mkdir -p "$here/build/$config"
  compile_native "$cs" "$config" "$here/build/$config/Usmp.Native.dll"
  dotnet "$dumper" "$here/build/$config/Usmp.Native.dll" >"$here/build/Usmp.Native.$config.json"
done
glue="$here/Usmp_Native_native.cpp"
if [ "$regenerate" -eq 1 ]; then
  mdp "$here/build/Usmp.Native.Release.json" --project Usmp.Native_native --render-cpp "$glue"
fi
mdp --self-test || fail=1
for config in Release Debug; do
  echo "[$config]"
  mdp "$here/build/Usmp.Native.$config.json" --project Usmp.Native_native --check-cpp "$glue" \
    --assembly-info "$cs/Properties/AssemblyInfo.cs" || fail=1
done
echo "-- validation: nanoFramework.Device.OneWire (public MDP output, nf-interpreter c3562d71: 0xB95C43B4)"
mdp "$here/check/validation/onewire-host.dump.json" --project nf_dev_onewire --expect-checksum 0xB95C43B4 \
  --expect-lookup "$here/check/validation/onewire-host.lookup.txt" || fail=1

echo "-- negative tests: the MDP table check must reject each change"
mdp_negative() { # $1 = description, $2 = file under firmware/Usmp.Native, $3 = sed expression
  rm -rf "$tmp/cs"; cp -r "$cs" "$tmp/cs"
  sed -i "$3" "$tmp/cs/$2"
  if cmp -s "$cs/$2" "$tmp/cs/$2"; then echo "FAIL negative test '$1' did not modify $2"; fail=1; return; fi
  mkdir -p "$tmp/neg"
  if ! compile_native "$tmp/cs" Release "$tmp/neg/Usmp.Native.dll" >/dev/null; then echo "FAIL negative test '$1' does not compile"; fail=1; return; fi
  dotnet "$dumper" "$tmp/neg/Usmp.Native.dll" >"$tmp/neg.json"
  if mdp "$tmp/neg.json" --project Usmp.Native_native --check-cpp "$glue" --assembly-info "$tmp/cs/Properties/AssemblyInfo.cs" >"$tmp/out" 2>&1; then
    echo "FAIL negative test '$1' was accepted"; fail=1
  else
    echo "ok   rejected: $1 ($(grep -c '^[-+] ' "$tmp/out" || true) changed lines, $(grep -c MISMATCH "$tmp/out") mismatches)"
  fi
}
mdp_negative "two externs swapped" CryptoNative.cs '/extern int UtackMac(/{s/UtackMac/UTMP_SWAP/};/extern int UtackVerify(/{s/UtackVerify/UtackMac/};s/UTMP_SWAP/UtackVerify/'
mdp_negative "extern added at the end" CryptoNative.cs 's/^\(\s*\)internal static extern int HmacSha256(\(.*\)$/\1internal static extern int HmacSha256(\2\n\1[MethodImpl(MethodImplOptions.InternalCall)]\n\1internal static extern int Extra(byte[] data);/'
mdp_negative "managed helper added" UsmpCrypto.cs '0,/private static void RequireSize(/s//private static void RequireNothing() { }\n        private static void RequireSize(/'
mdp_negative "AssemblyNativeVersion bumped" Properties/AssemblyInfo.cs 's/AssemblyNativeVersion("1.0.0.0")/AssemblyNativeVersion("1.0.0.1")/'
cp "$glue" "$tmp/glue.cpp"; sed -i 's/^    0x[0-9A-F]\{8\},$/    0x00000000,/' "$tmp/glue.cpp"
if cmp -s "$glue" "$tmp/glue.cpp"; then echo "FAIL negative test 'placeholder checksum' did not modify the glue"; fail=1
elif mdp "$here/build/Usmp.Native.Release.json" --project Usmp.Native_native --check-cpp "$tmp/glue.cpp" >/dev/null; then
  echo "FAIL negative test 'placeholder checksum' was accepted"; fail=1
else echo "ok   rejected: placeholder checksum 0x00000000 in the glue"; fi
if mdp "$here/check/validation/onewire-host.dump.json" --project nf_dev_onewire --expect-checksum 0xB95C43B5 >/dev/null; then
  echo "FAIL negative test 'wrong expected OneWire checksum' was accepted"; fail=1
else echo "ok   rejected: OneWire validation with a wrong expected checksum"; fi

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
