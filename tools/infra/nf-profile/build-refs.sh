#!/usr/bin/env bash
# 1. Restore the REAL nanoFramework.CoreLibrary (lib/mscorlib.dll) from NuGet into build/packages/
#    (corelib/CoreLibrary.Restore.csproj, restore only) and check its identity (mscorlib <pinned version>).
# 2. Build the metadata verifier.
# 3. Compile our remaining stand-in reference assemblies (ref/<AssemblyName>/*.cs) with the SDK's Roslyn
#    into build/ref/, each against that real mscorlib.dll, and refuse any stand-in that declares a public
#    type the real mscorlib already has (a duplicate would hide where nanoFramework really puts it).
# Each ref folder's AssemblyInfo.cs has a "// deps: A B" line naming the stand-ins it compiles against
# (mscorlib is implicit); ORDER below lists them so that deps come first.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib/csc-env.sh"
OUT="$HERE/build/ref"
PKGS="$HERE/build/packages"
mkdir -p "$OUT" "$PKGS"

# ---- 1. the real mscorlib ---------------------------------------------------------------------------
CORELIB_VERSION=$(sed -n 's#.*<NFCoreLibraryVersion>\(.*\)</NFCoreLibraryVersion>.*#\1#p' "$HERE/corelib/CoreLibrary.Restore.csproj")
MSCORLIB="$PKGS/nanoframework.corelibrary/$CORELIB_VERSION/lib/mscorlib.dll"
if [ ! -f "$MSCORLIB" ]; then
  log="$HERE/build/corelib-restore.log"
  if ! dotnet restore "$HERE/corelib/CoreLibrary.Restore.csproj" --packages "$PKGS" -nologo >"$log" 2>&1 \
     || [ ! -f "$MSCORLIB" ]; then
    echo "nf-profile: could not restore nanoFramework.CoreLibrary $CORELIB_VERSION from NuGet (needs nuget.org, see nuget.config); details in ${log#$PWD/}" >&2
    exit 1
  fi
fi
# the restore project's obj/ is a build output: keep it out of the source tree
rm -rf "$HERE/corelib/obj"

dotnet build "$HERE/verifier/Verifier.csproj" -c Release -o "$HERE/build/verifier" -nologo -v:q >/dev/null
VERIFY=(dotnet "$HERE/build/verifier/nf-verify.dll")
identity=$("${VERIFY[@]}" --identity "$MSCORLIB")
if [ "$identity" != "mscorlib $CORELIB_VERSION.0" ]; then
  echo "nf-profile: $MSCORLIB is '$identity', expected 'mscorlib $CORELIB_VERSION.0'; delete tools/infra/nf-profile/build/packages and run again" >&2
  exit 1
fi
cp "$MSCORLIB" "$OUT/mscorlib.dll"
echo "build-refs: real $identity from NuGet package nanoFramework.CoreLibrary $CORELIB_VERSION"

# ---- 2. our stand-ins, against the real mscorlib ---------------------------------------------------
ORDER=(
  nanoFramework.Runtime.Events
  nanoFramework.Runtime.Native
  nanoFramework.System.Text
  nanoFramework.System.Collections
  System.Threading
  System.IO.Streams
  System.IO.FileSystem
  System.Net
  System.Net.Sockets.UdpClient
  System.Device.Wifi
  nanoFramework.Hardware.Esp32
  nanoFramework.TestFramework
)

"${VERIFY[@]}" --types "$OUT/mscorlib.dll" | sort >"$HERE/build/mscorlib.types"
built=0
for name in "${ORDER[@]}"; do
  dir="$HERE/ref/$name"
  [ -d "$dir" ] || { echo "build-refs: missing $dir" >&2; exit 1; }
  refs=("-r:$OUT/mscorlib.dll")
  deps=$(sed -n 's#^// deps:[[:space:]]*##p' "$dir/AssemblyInfo.cs" | head -1)
  for d in $deps; do
    refs+=("-r:$OUT/$d.dll")
  done
  mapfile -t srcs < <(find "$dir" -name '*.cs' | sort)
  "${CSC[@]}" -nologo -nostdlib -noconfig -target:library -langversion:9 -optimize+ -deterministic \
    -nowarn:CS1591,CS3021 "${refs[@]}" -out:"$OUT/$name.dll" "${srcs[@]}"
  dup=$("${VERIFY[@]}" --types "$OUT/$name.dll" | sort | comm -12 - "$HERE/build/mscorlib.types")
  if [ -n "$dup" ]; then
    echo "build-refs: stand-in $name declares type(s) the real mscorlib already has: $(tr '\n' ' ' <<<"$dup")- remove them from ref/$name" >&2
    exit 1
  fi
  built=$((built + 1))
done
echo "build-refs: $built stand-in reference assemblies in ${OUT#$PWD/}, each compiled against the real mscorlib"
