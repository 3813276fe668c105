# Sourced by the nf-profile scripts: CSC=(dotnet .../Roslyn/bincore/csc.dll) from the newest SDK.
DOTNET_ROOT_GUESS="$(dirname "$(readlink -f "$(command -v dotnet)")")"
CSC_DLL="$(ls -d "$DOTNET_ROOT_GUESS"/sdk/*/Roslyn/bincore/csc.dll 2>/dev/null | sort -V | tail -1)"
if [ -z "$CSC_DLL" ]; then
  echo "nf-profile: no Roslyn csc.dll under $DOTNET_ROOT_GUESS/sdk" >&2
  exit 1
fi
CSC=(dotnet "$CSC_DLL")
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
