#!/usr/bin/env bash
# Runs the nanoFramework test assembly's sources (tests/NFUnitTest) on .NET: builds the native
# core (libusmp_native.so) if it is missing, builds the host runner (tests/host) and runs it.
# Exit status = the runner's (non-zero if any test failed or none ran).
# Usage: tests/run-managed.sh [filter]   (filter = substring of <Type>.<Method>)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! ls native-interop/build/libusmp_native.so* >/dev/null 2>&1 \
   && ! find native-interop/build -name 'libusmp_native.so*' 2>/dev/null | grep -q .; then
  echo "building native-interop (libusmp_native.so)"
  cmake -S native-interop -B native-interop/build >/dev/null
  cmake --build native-interop/build -j2 >/dev/null
fi

dotnet build tests/host/NFUnitTest.Host.csproj -c Release --nologo -v q -clp:ErrorsOnly
dotnet tests/host/bin/Release/net10.0/NFUnitTest.Host.dll "$@"
