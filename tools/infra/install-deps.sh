#!/usr/bin/env bash
# Installs the Debian packages a job needs, only those missing. Usage: tools/infra/install-deps.sh demo|test
#   demo: what `tools/usmp demo` needs (the native library's build);
#   test: everything tests/run-all.sh runs (sanitizers, libFuzzer, valgrind, the benchmark toolchains).
# As root it installs with apt-get; otherwise it prints the command to run and fails.
set -euo pipefail
demo=(cmake gcc g++ make libmbedtls-dev)
test=("${demo[@]}" python3 libsodium-dev clang libclang-rt-14-dev llvm valgrind
      qemu-user gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf gcc-xtensa-lx106)
case "${1:-}" in
  demo) want=("${demo[@]}") ;;
  test) want=("${test[@]}") ;;
  *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac
missing=()
for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
