#!/usr/bin/env bash
# Proves the gate can fail: every fixture in violations/ holds ONE deliberate violation and must FAIL
# with the reason named in its "// expect: FAIL <text>" line; clean.cs must pass ("// expect: OK").
# Each fixture becomes a one-file .nfproj (references from its "// refs:" line) and goes through the
# very same machinery as check.sh (gate.py). Fixtures with "// also-verify-unsafe: <text>" are also
# compiled WITH /unsafe and fed to the verifier alone, to prove the metadata check catches pointers
# and stackalloc even if the compile step were bypassed. Project-file rules are tested on generated
# variants of the clean fixture. Last line: "N passed, N failed"; exit 1 if anything failed.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib/csc-env.sh"
WORK="$HERE/build/violations"
rm -rf "$WORK"; mkdir -p "$WORK"
pass=0; fail=0


# The profile (python3 gate.py profile): "<assembly> <version> <package> <package-version> <ext>" per line.
PROFILE=$(python3 "$HERE/gate.py" profile)
prof() { awk -v n="$1" -v f="$2" '$1 == n { print $f }' <<<"$PROFILE"; }

# The fixtures form one scratch solution: $WORK/nano.sln + $WORK/nuget.config (repositoryPath=packages,
# like the repository's), every fixture project in $WORK/<name>/, so a correct HintPath is
# ..\packages\<package>.<version>\lib\<assembly>.dll and the gate resolves it like the real projects'.
scratch_solution() { # scratch_solution <dir> <repositoryPath>
  mkdir -p "$1"; : >"$1/nano.sln"
  printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <config>\n    <add key="repositoryPath" value="%s" />\n  </config>\n</configuration>\n' "$2" >"$1/nuget.config"
}
scratch_solution "$WORK" packages

# make_project <dir> <name> <refs...> ; extra properties come from $EXTRA_PROPS, extra items from $EXTRA_ITEMS;
# $REF_VERSION_OVERRIDE replaces every Reference version, $HINT_PREFIX the "..\packages" HintPath prefix,
# $NO_HINT drops every HintPath, $SKIP_PACKAGE leaves that package out of packages.config.
make_project() {
  local dir="$1" name="$2"; shift 2
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">'
    echo '  <PropertyGroup>'
    echo "    <ProjectGuid>{00000000-0000-0000-0000-000000000000}</ProjectGuid>"
    echo "    <OutputType>Library</OutputType>"
    echo "    <AssemblyName>$name</AssemblyName>"
    echo "    <TargetFrameworkVersion>v1.0</TargetFrameworkVersion>"
    echo "${EXTRA_PROPS:-}"
    echo '  </PropertyGroup>'
    echo '  <ItemGroup>'
    echo "    <Compile Include=\"$name.cs\" />"
    echo "${EXTRA_ITEMS:-}"
    echo '  </ItemGroup>'
    echo '  <ItemGroup>'
    for r in "$@"; do
      echo "    <Reference Include=\"$r, Version=${REF_VERSION_OVERRIDE:-$(prof "$r" 2)}, Culture=neutral, PublicKeyToken=c07d481e9758c731\">"
      [ -n "${NO_HINT:-}" ] || echo "      <HintPath>${HINT_PREFIX:-..\\packages}\\$(prof "$r" 3).$(prof "$r" 4)\\lib\\$r$(prof "$r" 5)</HintPath>"
      echo "    </Reference>"
    done
    echo '  </ItemGroup>'
    echo '</Project>'
  } > "$dir/$name.nfproj"
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<packages>'
    for r in "$@"; do
      [ "$(prof "$r" 3)" = "${SKIP_PACKAGE:-}" ] && continue
      echo "  <package id=\"$(prof "$r" 3)\" version=\"$(prof "$r" 4)\" targetFramework=\"netnano1.0\" />"
    done
    echo '</packages>'
  } > "$dir/packages.config"
}

# expect <label> <OK|FAIL> <substring> <nfproj>
expect() {
  local label="$1" want="$2" text="$3" proj="$4" out rc
  out=$(python3 "$HERE/gate.py" project "$proj" 2>&1); rc=$?
  reasons=$(grep '^    - ' <<<"$out")
  if [ "$want" = OK ] && [ $rc -eq 0 ]; then
    echo "PASS  $label: passes the gate"; pass=$((pass + 1))
  elif [ "$want" = FAIL ] && [ $rc -ne 0 ] && grep -qF -- "$text" <<<"$reasons"; then
    echo "PASS  $label: rejected ($(grep -m1 -F -- "$text" <<<"$reasons" | sed 's/^ *- //' | cut -c1-110))"; pass=$((pass + 1))
  else
    echo "FAIL  $label: wanted $want '$text', gate exit $rc:"; sed 's/^/        /' <<<"$out"; fail=$((fail + 1))
  fi
}

for src in "$HERE"/violations/*.cs; do
  name=$(basename "$src" .cs)
  refs=$(sed -n 's#^// refs:[[:space:]]*##p' "$src" | head -1)
  exp=$(sed -n 's#^// expect:[[:space:]]*##p' "$src" | head -1)
  want=${exp%% *}; text=""; [ "$want" = FAIL ] && text=${exp#FAIL }
  d="$WORK/$name"; mkdir -p "$d"; cp "$src" "$d/$name.cs"
  # shellcheck disable=SC2086
  make_project "$d" "$name" $refs
  expect "$name" "$want" "$text" "$d/$name.nfproj"

  unsafe_text=$(sed -n 's#^// also-verify-unsafe:[[:space:]]*##p' "$src" | head -1)
  if [ -n "$unsafe_text" ]; then
    dll="$d/$name.unsafe.dll"
    "${CSC[@]}" -nologo -nostdlib -noconfig -target:library -langversion:9 -unsafe \
      -r:"$HERE/build/ref/mscorlib.dll" -out:"$dll" "$src" >/dev/null 2>&1
    out=$(dotnet "$HERE/build/verifier/nf-verify.dll" "$dll" 2>&1); rc=$?
    if [ $rc -eq 1 ] && grep -qF -- "$unsafe_text" <<<"$out"; then
      echo "PASS  $name (compiled with /unsafe): verifier rejects ($(head -1 <<<"$out" | cut -c1-100))"; pass=$((pass + 1))
    else
      echo "FAIL  $name (compiled with /unsafe): verifier exit $rc, wanted '$unsafe_text':"; sed 's/^/        /' <<<"$out"; fail=$((fail + 1))
    fi
  fi
done

# ---- project-file rules, on variants of the clean fixture ---------------------------------------
variant() { # variant <name>: fresh copy of clean.cs as <name>.cs in its own folder
  local d="$WORK/proj-$1"; mkdir -p "$d"; cp "$HERE/violations/clean.cs" "$d/$1.cs"; echo "$d"
}
CLEAN_REFS="mscorlib nanoFramework.System.Text System.Net"

d=$(variant langversion10); EXTRA_PROPS="    <LangVersion>10.0</LangVersion>" make_project "$d" langversion10 $CLEAN_REFS
expect "LangVersion 10" FAIL "LangVersion '10.0'" "$d/langversion10.nfproj"
d=$(variant langlatest); EXTRA_PROPS="    <LangVersion>latest</LangVersion>" make_project "$d" langlatest $CLEAN_REFS
expect "LangVersion latest" FAIL "LangVersion 'latest'" "$d/langlatest.nfproj"
d=$(variant unlisted); echo "internal static class Extra { }" > "$d/Extra.cs"; make_project "$d" unlisted $CLEAN_REFS
expect ".cs file missing from Compile list" FAIL "not in Compile list: Extra.cs" "$d/unlisted.nfproj"
d=$(variant ghost); EXTRA_ITEMS='    <Compile Include="Properties\Ghost.cs" />' make_project "$d" ghost $CLEAN_REFS
expect "listed file does not exist" FAIL "listed file missing: Properties/Ghost.cs" "$d/ghost.nfproj"
d=$(variant wrongversion); REF_VERSION_OVERRIDE=1.0.0.0 make_project "$d" wrongversion $CLEAN_REFS
expect "reference version differs from profile" FAIL "Version=1.0.0.0, profile has" "$d/wrongversion.nfproj"
d=$(variant unknownref); make_project "$d" unknownref $CLEAN_REFS; sed -i 's#</ItemGroup>\s*$#&#' "$d/unknownref.nfproj"
python3 - "$d/unknownref.nfproj" <<'PY'
import sys; p=sys.argv[1]; s=open(p).read()
s=s.replace('<Reference Include="mscorlib', '<Reference Include="System.Linq, Version=4.0.0.0" />\n    <Reference Include="mscorlib', 1)
open(p,'w').write(s)
PY
expect "reference outside the profile" FAIL "'System.Linq' has no profile reference assembly" "$d/unknownref.nfproj"
d=$(variant unsafeblocks); EXTRA_PROPS="    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>" make_project "$d" unsafeblocks $CLEAN_REFS
expect "AllowUnsafeBlocks" FAIL "AllowUnsafeBlocks=true" "$d/unsafeblocks.nfproj"
d=$(variant missingref); make_project "$d" missingref mscorlib
expect "API from a package the project does not reference" FAIL "'Net' does not exist in the namespace 'System'" "$d/missingref.nfproj"

# ---- HintPaths: where Visual Studio restores packages.config packages (nuget.config repositoryPath) ----
d=$(variant hint_firmware_packages); HINT_PREFIX='..\firmware\packages' make_project "$d" hint_firmware_packages $CLEAN_REFS
expect "HintPath outside repositoryPath (old ..\firmware\packages form)" FAIL "does not resolve under NuGet repositoryPath 'packages'" "$d/hint_firmware_packages.nfproj"
d=$(variant hint_missing); NO_HINT=1 make_project "$d" hint_missing $CLEAN_REFS
expect "Reference without HintPath" FAIL "reference 'mscorlib' has no HintPath" "$d/hint_missing.nfproj"
d=$(variant hint_unlisted_package); SKIP_PACKAGE=nanoFramework.System.Net make_project "$d" hint_unlisted_package $CLEAN_REFS
expect "package missing from packages.config" FAIL "packages.config does not list nanoFramework.System.Net" "$d/hint_unlisted_package.nfproj"
# the same, correct-for-'packages' HintPaths in a solution whose nuget.config says repositoryPath=lib/nuget:
# proves the gate reads nuget.config instead of assuming packages/
scratch_solution "$WORK/othersln" lib/nuget
d="$WORK/othersln/hint_other_repo"; mkdir -p "$d"; cp "$HERE/violations/clean.cs" "$d/hint_other_repo.cs"
make_project "$d" hint_other_repo $CLEAN_REFS
expect "HintPath vs a nuget.config with another repositoryPath" FAIL "does not resolve under NuGet repositoryPath 'lib/nuget'" "$d/hint_other_repo.nfproj"
d="$WORK/othersln/hint_other_repo_ok"; mkdir -p "$d"; cp "$HERE/violations/clean.cs" "$d/hint_other_repo_ok.cs"
HINT_PREFIX='..\lib\nuget' make_project "$d" hint_other_repo_ok $CLEAN_REFS
expect "HintPath under that other repositoryPath" OK "" "$d/hint_other_repo_ok.nfproj"

# ---- test projects: the TestFramework 3.x adapter's runsettings form --------------------------------
testproj() { # testproj <dir> <runsettings TargetFrameworkVersion> : an NFUnitTest project + its nano.runsettings
  mkdir -p "$1"; cp "$HERE/violations/assertfailed_shared.cs" "$1/NFUnitTest.cs"
  EXTRA_PROPS='    <IsTestProject>true</IsTestProject>
    <RunSettingsFilePath>$(MSBuildProjectDirectory)\nano.runsettings</RunSettingsFilePath>' \
  EXTRA_ITEMS='    <ProjectCapability Include="TestContainer" />' make_project "$1" NFUnitTest mscorlib nanoFramework.TestFramework
  printf '<RunSettings>\n  <RunConfiguration>\n    <TargetFrameworkVersion>%s</TargetFrameworkVersion>\n%s  </RunConfiguration>\n  <nanoFrameworkAdapter>\n    <IsRealHardware>False</IsRealHardware>\n  </nanoFrameworkAdapter>\n</RunSettings>\n' \
    "$2" "$([ "$2" = net48 ] && echo '    <TargetPlatform>x64</TargetPlatform>')" >"$1/nano.runsettings"
}
testproj "$WORK/test-net48" net48
expect "test project with the net48/x64 nano.runsettings" OK "" "$WORK/test-net48/NFUnitTest.nfproj"
testproj "$WORK/test-framework40" Framework40
expect "test project with the old Framework40 nano.runsettings" FAIL "TargetFrameworkVersion is 'Framework40'" "$WORK/test-framework40/NFUnitTest.nfproj"

# ---- shipped code apart from scaffolding: a library under firmware/ may not define test scaffolding ----
scaffold() { # scaffold <dir> <name>: clean.cs plus a public InMemoryTransport, HintPaths for <dir> two levels down
  mkdir -p "$1"; cp "$HERE/violations/clean.cs" "$1/$2.cs"
  printf 'namespace Scaffold\n{\n    public sealed class InMemoryTransport { }\n}\n' > "$1/InMemoryTransport.cs"
  EXTRA_ITEMS='    <Compile Include="InMemoryTransport.cs" />' HINT_PREFIX='..\..\packages' make_project "$1" "$2" $CLEAN_REFS
}
scaffold "$WORK/firmware/shipped_scaffold" shipped_scaffold
expect "device library (firmware/) defining test scaffolding" FAIL "test scaffolding in a device library: Scaffold.InMemoryTransport" "$WORK/firmware/shipped_scaffold/shipped_scaffold.nfproj"
d="$WORK/firmware/shipped_clean"; mkdir -p "$d"; cp "$HERE/violations/clean.cs" "$d/shipped_clean.cs"
HINT_PREFIX='..\..\packages' make_project "$d" shipped_clean $CLEAN_REFS
expect "device library (firmware/) without scaffolding" OK "" "$d/shipped_clean.nfproj"
scaffold "$WORK/tests/support_scaffold" support_scaffold
expect "the same scaffolding in a test-support library (tests/)" OK "" "$WORK/tests/support_scaffold/support_scaffold.nfproj"

# ---- nano.sln check, on a scratch tree --------------------------------------------------------
sln_expect() { # sln_expect <label> <0|1> <substring>
  local out rc
  out=$(NF_SLN_ROOT="$SLN_ROOT" python3 "$HERE/sln.py" check 2>&1); rc=$?
  if [ "$rc" -eq "$2" ] && grep -qF -- "$3" <<<"$out"; then
    echo "PASS  sln: $1"; pass=$((pass + 1))
  else
    echo "FAIL  sln: $1 (exit $rc):"; sed 's/^/        /' <<<"$out"; fail=$((fail + 1))
  fi
}
SLN_ROOT="$WORK/sln"; mkdir -p "$SLN_ROOT/firmware/A" "$SLN_ROOT/tests/B"
cp "$WORK/clean/clean.nfproj" "$SLN_ROOT/firmware/A/A.nfproj"
sed 's/00000000-0000-0000-0000-000000000000/11111111-2222-3333-4444-555555555555/' "$WORK/clean/clean.nfproj" > "$SLN_ROOT/tests/B/B.nfproj"
sln_expect "missing nano.sln is an error" 1 "nano.sln missing"
NF_SLN_ROOT="$SLN_ROOT" python3 "$HERE/sln.py" generate >/dev/null
sln_expect "generated nano.sln passes" 0 "nano.sln OK (2 projects)"
mkdir -p "$SLN_ROOT/tests/C"; sed 's/00000000-0000-0000-0000-000000000000/99999999-2222-3333-4444-555555555555/' "$WORK/clean/clean.nfproj" > "$SLN_ROOT/tests/C/C.nfproj"
sln_expect "unlisted .nfproj is an error" 1 'tests\C\C.nfproj exists but nano.sln does not list it'
rm -r "$SLN_ROOT/tests/C" "$SLN_ROOT/tests/B"
sln_expect "listed but missing .nfproj is an error" 1 'nano.sln lists tests\B\B.nfproj, which does not exist'
NF_SLN_ROOT="$SLN_ROOT" python3 "$HERE/sln.py" generate >/dev/null
sed -i 's/00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-0000000000AA/' "$SLN_ROOT/firmware/A/A.nfproj"
sln_expect "GUID mismatch is an error" 1 "has ProjectGuid {00000000-0000-0000-0000-0000000000AA}"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
