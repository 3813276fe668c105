#!/usr/bin/env bash
# tests/self-contained.sh - fails if any file of the repository other than documentation (*.md)
# names the `shared` folder beside the clone: a path of the form <dot-dot>/shared, or the same
# path joined from the quoted parts '..' and 'shared' (os.path.join style). Code and scripts read their test
# data from the repository (tests/vectors/data): a clone alone must run every test. Documentation
# may still cite the spec beside the clone (shared/spec/usmp-v2.md).
# Files checked: `git ls-files` when the root is a git work tree, else every file under the root
# except build outputs (bin/ obj/ build*/ out/ packages/ TestResults/ node_modules/), so it also
# runs in the plain copy .ci/run makes. Prints the offending lines and exits 1 on a hit.
# This file never spells the path out itself (escaped dots in the pattern, $up in messages),
# so that it does not match itself.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
up=..
pat='\.\./shared|["'\'']\.\.["'\''][[:space:]]*,[[:space:]]*["'\'']shared["'\'']'

list_files() {
  if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$root" ]; then
    git ls-files -z
  else
    find . -type d \( -name .git -o -name bin -o -name obj -o -name build -o -name 'build-*' -o -name out \
      -o -name packages -o -name TestResults -o -name node_modules \) -prune -o -type f -print0 |
      sed -z 's#^\./##'
  fi
}

files=$(list_files | grep -zvc '\.md$')
if [ "${files:-0}" -eq 0 ]; then echo "self-contained: FAIL - no files listed under $root"; exit 1; fi
# grep exits 1 when nothing matches, which is the passing case; -I skips binary files.
hits=$(list_files | grep -zv '\.md$' | xargs -0 -r grep -nIHE -s -- "$pat")

if [ -n "$hits" ]; then
  printf '%s\n' "$hits"
  echo "self-contained: FAIL - the lines above name $up/shared, a folder outside the repository;"
  echo "  read test data from tests/vectors/data instead (only documentation, *.md, may cite it)"
  exit 1
fi
echo "self-contained: $files files (all but *.md) checked, none names $up/shared"
