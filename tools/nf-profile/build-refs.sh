#!/usr/bin/env bash
# Compile our nanoFramework reference assemblies (tools/nf-profile/ref/<AssemblyName>/*.cs) with the
# .NET SDK's Roslyn into tools/nf-profile/build/ref/, and build the metadata verifier.
# Each ref folder's AssemblyInfo.cs has a "// deps: A B" line naming the ref assemblies it compiles
# against (mscorlib is implicit); ORDER below lists them so that deps come first.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib/csc-env.sh"
OUT="$HERE/build/ref"
mkdir -p "$OUT"

ORDER=(
  mscorlib
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

built=0
for name in "${ORDER[@]}"; do
  dir="$HERE/ref/$name"
  [ -d "$dir" ] || { echo "build-refs: missing $dir" >&2; exit 1; }
  refs=()
  if [ "$name" = mscorlib ]; then
    extra=(-runtimemetadataversion:v4.0.30319)
  else
    extra=()
    refs+=("-r:$OUT/mscorlib.dll")
    deps=$(sed -n 's#^// deps:[[:space:]]*##p' "$dir/AssemblyInfo.cs" | head -1)
    for d in $deps; do
      [ "$d" = "(none," ] && break
      refs+=("-r:$OUT/$d.dll")
    done
  fi
  mapfile -t srcs < <(find "$dir" -name '*.cs' | sort)
  "${CSC[@]}" -nologo -nostdlib -noconfig -target:library -langversion:9 -optimize+ -deterministic \
    -nowarn:CS1591,CS3021 "${extra[@]}" "${refs[@]}" -out:"$OUT/$name.dll" "${srcs[@]}"
  built=$((built + 1))
done
echo "build-refs: $built reference assemblies in ${OUT#$PWD/}"

dotnet build "$HERE/verifier/Verifier.csproj" -c Release -o "$HERE/build/verifier" -nologo -v:q >/dev/null
echo "build-refs: verifier built in build/verifier"
