#!/usr/bin/env bash
# Checks the nanoCLR interop glue on a PC, without an ESP32 toolchain:
#  1. compiles every glue .cpp against check/shim/, stand-ins that declare only what nf-interpreter's
#     own headers declare (cited in each file), so a name nf-interpreter lacks (UINT8) fails here;
#  2. recompiles firmware/Usmp.Native as the profile gate does and regenerates, from that assembly,
#     the four files the MetadataProcessor writes (check/mdp_stubs.py + check/mdp_tables.py:
#     method_lookup order, native checksum, declarations, marshalling, user stub header): FAILS
#     unless the committed files are exactly that output, for Debug and Release;
#  3. checks the hand-written user stubs call the usmp_abi.h function of each extern (check_names.py);
#  4. proves each check can fail (negative fixtures: swapped/added externs, a ref parameter, UINT8 ...).
#   check.sh --regenerate   rewrites the four generated files from the current sources, then checks.
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

echo "-- compile (g++ -std=c++11 -Wall -Wextra -Werror) against check/shim (nf-interpreter's declarations) + usmp_abi.h"
n=0
for f in "$here"/*.cpp; do
  if g++ -std=c++11 -Wall -Wextra -Werror -I"$here/check/shim" -I"$root/native-interop/include" \
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
refdir="$root/tools/infra/nf-profile/build/ref"
[ -f "$refdir/mscorlib.dll" ] || "$root/tools/infra/nf-profile/build-refs.sh" >/dev/null
# shellcheck source=../../tools/infra/nf-profile/lib/csc-env.sh
. "$root/tools/infra/nf-profile/lib/csc-env.sh"
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
stubs() { python3 "$here/check/mdp_stubs.py" "$@"; }
if [ "$regenerate" -eq 1 ]; then
  stubs "$here/build/Usmp.Native.Release.json" --project Usmp.Native_native --render "$here"
fi
mdp --self-test || fail=1
for config in Release Debug; do
  echo "[$config]"
  mdp "$here/build/Usmp.Native.$config.json" --project Usmp.Native_native --check-cpp "$glue" \
    --assembly-info "$cs/Properties/AssemblyInfo.cs" || fail=1
  stubs "$here/build/Usmp.Native.$config.json" --project Usmp.Native_native --check "$here" || fail=1
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
mdp_negative "extern added at the end" CryptoNative.cs 's/^\(\s*\)public static extern int Crc16(\(.*\)$/\1public static extern int Crc16(\2\n\1[MethodImpl(MethodImplOptions.InternalCall)]\n\1public static extern int Extra(byte[] data);/'
mdp_negative "managed helper added to the interop assembly" CryptoNative.cs '/public static class CryptoNative/{n;s/{/{\n        public static int Helper() { return 0; }/}'
mdp_negative "AssemblyNativeVersion bumped" Properties/AssemblyInfo.cs 's/AssemblyNativeVersion("\([0-9]*\)\.0\.0\.0")/AssemblyNativeVersion("\1.0.0.1")/'
cp "$glue" "$tmp/glue.cpp"; sed -i 's/^    0x[0-9A-F]\{8\},$/    0x00000000,/' "$tmp/glue.cpp"
if cmp -s "$glue" "$tmp/glue.cpp"; then echo "FAIL negative test 'placeholder checksum' did not modify the glue"; fail=1
elif mdp "$here/build/Usmp.Native.Release.json" --project Usmp.Native_native --check-cpp "$tmp/glue.cpp" >/dev/null; then
  echo "FAIL negative test 'placeholder checksum' was accepted"; fail=1
else echo "ok   rejected: placeholder checksum 0x00000000 in the glue"; fi
if mdp "$here/check/validation/onewire-host.dump.json" --project nf_dev_onewire --expect-checksum 0xB95C43B5 >/dev/null; then
  echo "FAIL negative test 'wrong expected OneWire checksum' was accepted"; fail=1
else echo "ok   rejected: OneWire validation with a wrong expected checksum"; fi

echo "-- negative tests: the stub generator must refuse an extern MDP cannot marshal back"
stubs_negative() { # $1 = description, $2 = sed expression on CryptoNative.cs, $3 = expected message
  rm -rf "$tmp/cs"; cp -r "$cs" "$tmp/cs"
  sed -i "$2" "$tmp/cs/CryptoNative.cs"
  if cmp -s "$cs/CryptoNative.cs" "$tmp/cs/CryptoNative.cs"; then echo "FAIL stub fixture '$1' did not modify the file"; fail=1; return; fi
  mkdir -p "$tmp/neg"
  compile_native "$tmp/cs" Release "$tmp/neg/Usmp.Native.dll" >/dev/null || { echo "FAIL stub fixture '$1' does not compile"; fail=1; return; }
  dotnet "$dumper" "$tmp/neg/Usmp.Native.dll" >"$tmp/neg.json"
  if stubs "$tmp/neg.json" --project Usmp.Native_native --check "$here" >"$tmp/out" 2>&1; then
    echo "FAIL stub fixture '$1' was accepted"; fail=1
  elif ! grep -q "$3" "$tmp/out"; then
    echo "FAIL stub fixture '$1' refused for another reason: $(head -1 "$tmp/out")"; fail=1
  else
    echo "ok   refused: $1 ($(grep -m1 "$3" "$tmp/out" | cut -c1-100))"
  fi
}
stubs_negative "extern with a ref int parameter" 's/OpenFrame(byte\[\] plaintext, int plaintextOffset/OpenFrame(byte[] plaintext, ref int plaintextOffset/' "ref/out parameter"
stubs_negative "extern with an out int parameter" 's/Crc16(byte\[\] data, int offset, int count)/Crc16(byte[] data, int offset, int count, out int crc)/' "ref/out parameter"
stubs_negative "extern renamed (generated files drift)" 's/extern int Crc16(/extern int Crc16Modbus(/' "is not what the MetadataProcessor generates"

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
negative "extra parameter" 's/Crc16(byte\[\] data, int offset/Crc16(byte[] data, byte[] extra, int offset/'

# ==== BEGIN stand-in header fixtures (check/shim/*.h mirror nf-interpreter's headers) ================
# The stand-ins must declare nothing nf-interpreter lacks: a glue-shaped file using only real names
# must compile, and copies that add one name nf-interpreter does not declare must FAIL on that name.
echo "-- stand-in headers: fixtures (positive must compile, negative must fail on the named identifier)"
fx="$tmp/fixtures"; mkdir -p "$fx"
cat >"$fx/positive.cpp" <<'FIXTURE'
#include <nanoCLR_Interop.h>
#include <nanoCLR_Runtime.h>
#include <nanoPackStruct.h>
struct Library_Fixture
{
    NANOCLR_NATIVE_DECLARE(Method___STATIC__I4__SZARRAY_U1__I4);
};
static signed int Stub(CLR_RT_TypedArray_UINT8 param0, signed int param1, HRESULT &hr)
{
    (void)hr;
    return (param0.GetBuffer() != NULL) ? (signed int)param0.GetSize() + param1 : param1;
}
HRESULT Library_Fixture::Method___STATIC__I4__SZARRAY_U1__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER(); hr = S_OK;
    {
        CLR_RT_TypedArray_UINT8 param0;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_UINT8_ARRAY(stack, 0, param0));
        signed int param1;
        NANOCLR_CHECK_HRESULT(Interop_Marshal_INT32(stack, 1, param1));
        /*FIXTURE-INSERT*/
        signed int retValue = Stub(param0, param1, hr);
        NANOCLR_CHECK_HRESULT(hr);
        if (retValue < 0) NANOCLR_SET_AND_LEAVE(CLR_E_INVALID_PARAMETER);
        SetResult_INT32(stack, retValue);
    }
    NANOCLR_NOCLEANUP();
}
static const CLR_RT_MethodHandler method_lookup[] = { Library_Fixture::Method___STATIC__I4__SZARRAY_U1__I4, NULL };
extern const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_Fixture;
const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_Fixture = { "Usmp.Native", 0x12345678, method_lookup, { 1, 0, 0, 0 } };
struct __nfpack Packed { unsigned char a; unsigned int b; };
// HRESULT values exactly as nf_errors_exceptions.h computes them
static_assert(S_OK == 0 && FAILED(CLR_E_FAIL) && SUCCEEDED(S_OK), "S_OK/FAILED/SUCCEEDED");
static_assert((unsigned int)CLR_E_NULL_REFERENCE == 0xA1000000u, "CLR_E_NULL_REFERENCE");
static_assert((unsigned int)CLR_E_WRONG_TYPE == 0xA2000000u, "CLR_E_WRONG_TYPE");
static_assert((unsigned int)CLR_E_ARGUMENT_NULL == 0xCE000000u, "CLR_E_ARGUMENT_NULL");
static_assert((unsigned int)CLR_E_NOT_SUPPORTED == 0xF7000000u, "CLR_E_NOT_SUPPORTED");
static_assert((unsigned int)CLR_E_INVALID_PARAMETER == 0xFD000000u, "CLR_E_INVALID_PARAMETER");
static_assert((unsigned int)CLR_E_FAIL == 0xFF000000u, "CLR_E_FAIL");
static_assert(CLR_RT_HEAP_BLOCK_SIZE == 12, "CLR_RT_HEAP_BLOCK_SIZE");
static_assert(sizeof(Packed) == 5, "__nfpack packs (GCC)");
FIXTURE
fixture_cc() { LC_ALL=C g++ -std=c++11 -Wall -Wextra -Werror -I"$here/check/shim" -I"$root/native-interop/include" -c "$1" -o "$1.o"; }
if fixture_cc "$fx/positive.cpp" >"$fx/positive.log" 2>&1; then echo "ok   positive fixture (real names only) compiles"
else cat "$fx/positive.log"; echo "FAIL positive fixture (real names only) does not compile"; fail=1; fi
fixture_negative() { # $1 = name, $2 = identifier nf-interpreter does not declare, $3 = line to insert
  cp "$fx/positive.cpp" "$fx/$1.cpp"
  sed -i "s|/\*FIXTURE-INSERT\*/|$3|" "$fx/$1.cpp"
  if cmp -s "$fx/positive.cpp" "$fx/$1.cpp"; then echo "FAIL negative fixture '$1' was not modified"; fail=1; return; fi
  if fixture_cc "$fx/$1.cpp" >"$fx/$1.log" 2>&1; then
    echo "FAIL negative fixture '$1': unexpected success (the stand-ins declare $2, nf-interpreter does not)"; fail=1
  elif grep -q "error:.*'$2'" "$fx/$1.log"; then
    echo "ok   negative fixture '$1': expected failure seen ($(grep -m1 "error:.*'$2'" "$fx/$1.log" | sed 's/^.*error: //'))"
  else
    cat "$fx/$1.log"; echo "FAIL negative fixture '$1' failed, but not on '$2'"; fail=1
  fi
}
fixture_negative mdp-byref-heapblock UINT8 'UINT8 heapblock6[CLR_RT_HEAP_BLOCK_SIZE]; (void)heapblock6;'
fixture_negative int32-typedef INT32 'INT32 x = param1; (void)x;'
# ==== END stand-in header fixtures ====================================================================

if [ "$fail" -ne 0 ]; then echo "nanoclr glue check: FAILED"; exit 1; fi
echo "nanoclr glue check: all passed"
