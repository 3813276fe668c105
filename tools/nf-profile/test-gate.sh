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


version_of() { sed -n 's/.*AssemblyVersion("\([^"]*\)").*/\1/p' "$HERE/ref/$1/AssemblyInfo.cs"; }

# make_project <dir> <name> <refs...> ; extra properties come from $EXTRA_PROPS, extra items from $EXTRA_ITEMS
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
      echo "    <Reference Include=\"$r, Version=${REF_VERSION_OVERRIDE:-$(version_of "$r")}, Culture=neutral, PublicKeyToken=c07d481e9758c731\" />"
    done
    echo '  </ItemGroup>'
    echo '</Project>'
  } > "$dir/$name.nfproj"
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
