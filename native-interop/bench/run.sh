#!/usr/bin/env bash
# native-interop/bench/run.sh - PRINTS performance and size figures of the native core.
# It is a benchmark, never a pass/fail test: a missing tool gives "n/a" and a message naming
# the tool and its Debian package; the script installs nothing.
#
#   native-interop/bench/run.sh            (builds into native-interop/build-bench/)
#   BENCH_DIR=/tmp/b native-interop/bench/run.sh
#
# How the instruction counts are made exact
#  - Host (x86-64): each measured program is run twice under valgrind --tool=callgrind, once
#    doing the operation 0 times and once 1 time; the figure is totals(1) - totals(0). Both
#    runs execute the same start-up, library initialisation and setup code, so only the one
#    operation remains. LD_BIND_NOW=1 makes the dynamic linker resolve every symbol at start-up
#    in both runs (with lazy binding the first call into a library would add symbol lookup
#    to the 1-call run only). The programs are deterministic (fixed inputs, a fixed-seed RNG
#    for mbedTLS's blinding), and each checks its result so a wrong answer is never timed.
#  - RV32IMC: a freestanding static binary (own _start, no libc) runs 0 or 1 X25519 then exits
#    via the Linux exit ecall; qemu-riscv32 runs it with our TCG plugin (qemu_insn_count.c),
#    which counts every executed guest instruction. Figure = count(1) - count(0), which
#    removes _start and the exit path. Compiled with -O2 -march=rv32imc -mabi=ilp32.
#    The same for the GHASH of one maximal frame (rv32_ghash.c: 10-byte AAD + 452-byte
#    ciphertext + lengths = 31 multiplies by H): ours (src/ghash32.h, what the ESP32 targets
#    compile) and the bit-serial masked multiply it replaced, for comparison.
#
# Section 2 measures seal/open with every AES backend (src/aes_block.h); section 7 the same
# frame on RV32IMC with our constant-time AES.
#
# The last two lines are always:
#   x25519 instructions: ours=N mbedtls=N libsodium=N
#   x25519 rv32 instructions: ours=N
set -u

HERE="$(cd "$(dirname "$0")" && pwd)"
NI="$(dirname "$HERE")"
OUT="${BENCH_DIR:-$NI/build-bench}"
mkdir -p "$OUT"

RV_CC=riscv64-unknown-elf-gcc
RV_SIZE=riscv64-unknown-elf-size
RV_FLAGS="-march=rv32imc -mabi=ilp32 -ffreestanding"
XT_CC=xtensa-lx106-elf-gcc
XT_SIZE=xtensa-lx106-elf-size
XT_FLAGS="-ffreestanding -mlongcalls"

have() { command -v "$1" >/dev/null 2>&1; }
missing() { echo "  missing: $1 (Debian package $2)"; }

# ---- host instruction counts --------------------------------------------------------------

# callgrind_total <out-file> <cmd...>: total Ir of one run, or nothing if the run failed.
callgrind_total() {
    local f="$1"
    shift
    if LD_BIND_NOW=1 valgrind --tool=callgrind --callgrind-out-file="$f" "$@" >"$f.log" 2>&1; then
        awk '/^totals:/ { print $2 }' "$f"
    fi
}

# one_call <name> <cmd...>: Ir(cmd ... 1) - Ir(cmd ... 0), or "n/a".
one_call() {
    local name="$1" a b
    shift
    a="$(callgrind_total "$OUT/cg.$name.0" "$@" 0)"
    b="$(callgrind_total "$OUT/cg.$name.1" "$@" 1)"
    if [ -n "$a" ] && [ -n "$b" ]; then
        echo $((b - a))
    else
        echo "n/a"
        echo "  $name: run failed, see $OUT/cg.$name.*.log" >&2
    fi
}

header_ok() { echo "#include <$1>" | gcc -E -x c - >/dev/null 2>&1; }

ours=n/a mbed=n/a sodium=n/a
echo "== 1. one X25519 scalar multiplication, x86-64, callgrind instructions (1 call - 0 calls)"
if ! have gcc; then
    missing gcc gcc
elif ! have valgrind; then
    missing valgrind valgrind
else
    defs="" libs=""
    if header_ok mbedtls/ecdh.h; then libs="$libs -lmbedcrypto"; else defs="$defs -DBENCH_HAVE_MBEDTLS=0"; missing "mbedTLS headers" libmbedtls-dev; fi
    if header_ok sodium.h; then libs="$libs -lsodium"; else defs="$defs -DBENCH_HAVE_SODIUM=0"; missing "libsodium headers" libsodium-dev; fi
    # shellcheck disable=SC2086
    if gcc -std=c99 -O2 $defs -I"$NI/include" -I"$NI/src" "$HERE/x25519_host.c" "$NI/src/x25519.c" \
        -o "$OUT/x25519_host" $libs 2>"$OUT/x25519_host.build.log"; then
        ours="$(one_call ours "$OUT/x25519_host" ours)"
        case "$libs" in *mbedcrypto*) mbed="$(one_call mbedtls "$OUT/x25519_host" mbedtls)" ;; esac
        case "$libs" in *sodium*) sodium="$(one_call libsodium "$OUT/x25519_host" libsodium)" ;; esac
    else
        echo "  build failed: see $OUT/x25519_host.build.log"
    fi
fi
echo "  ours (usmp_x25519, 64-bit limbs, gcc -O2): $ours"
echo "  mbedTLS $(dpkg-query -W -f='${Version}' libmbedtls-dev 2>/dev/null) (ecdh_compute_shared on CURVE25519, incl. mpi/point conversions): $mbed"
echo "  libsodium $(dpkg-query -W -f='${Version}' libsodium-dev 2>/dev/null) (crypto_scalarmult, its runtime-selected implementation): $sodium"

echo "== 2. client handshake crypto and one 452-byte frame, x86-64, callgrind instructions (1 - 0)"
core_srcs=""
for f in "$NI"/src/*.c; do
    case "$(basename "$f")" in port_esp32.c) ;; *) core_srcs="$core_srcs $f" ;; esac
done
hs=n/a seal=n/a open=n/a
# AES backends (src/aes_block.h) for seal/open: the default (mbedTLS on AES-NI on a CPU that has
# it), our constant-time bitsliced AES forced, and mbedTLS forced on a CPU "without AES-NI"
# (tests/aesni_off.c: Debian's table-based software AES, what the default never runs).
# aesfig_<backend> = "seal/open" for the summary line.
aesfig_default=n/a aesfig_ct=n/a aesfig_tables=n/a
core_build() { # core_build <out> <extra gcc args...>
    local out="$1"
    shift
    # shellcheck disable=SC2086
    gcc -std=c99 -O2 -I"$NI/include" -I"$NI/src" "$HERE/core_host.c" $core_srcs "$@" -o "$out" \
        -lmbedcrypto 2>"$out.build.log"
}
if [ -f "$NI/src/frame_seal.c" ] && [ -f "$NI/src/frame_open.c" ] && have gcc && have valgrind &&
    header_ok mbedtls/gcm.h && core_build "$OUT/core_host"; then
    hs="$(one_call handshake "$OUT/core_host" handshake)"
    seal="$(one_call seal "$OUT/core_host" seal)"
    open="$(one_call open "$OUT/core_host" open)"
    aesfig_default="$seal/$open"
    echo "  client handshake (keypair + consume_challenge + consume_session_ok): $hs"
    echo "  usmp_seal_frame, 452-byte plaintext: $seal"
    echo "  usmp_open_frame, 452-byte plaintext: $open"
    echo "  by AES backend (seal / open, 452-byte plaintext):"
    echo "    default (host AUTO: mbedTLS on AES-NI where the CPU has it, else ours): $seal / $open"
    if core_build "$OUT/core_host_ct" -DUSMP_AES_BACKEND=2; then
        s2="$(one_call seal_ct "$OUT/core_host_ct" seal)"
        o2="$(one_call open_ct "$OUT/core_host_ct" open)"
        aesfig_ct="$s2/$o2"
        echo "    ours, constant-time bitsliced (src/aes_ct.c): $s2 / $o2"
    fi
    if core_build "$OUT/core_host_tables" -DUSMP_AES_BACKEND=1 "$NI/tests/aesni_off.c" \
        -Wl,--export-dynamic-symbol=mbedtls_aesni_has_support; then
        s3="$(one_call seal_tables "$OUT/core_host_tables" seal)"
        o3="$(one_call open_tables "$OUT/core_host_tables" open)"
        aesfig_tables="$s3/$o3"
        echo "    mbedTLS without AES-NI (table-based, NOT constant time; never selected): $s3 / $o3"
    fi
else
    echo "  n/a (core not built)${OUT:+; build log, if any: $OUT/core_host.build.log}"
fi

# ---- sizes -------------------------------------------------------------------------------

# text_bytes <size-tool> <object>: sum of the .text* sections (code only; .rodata apart).
text_bytes() { "$1" -A "$2" | awk '$1 ~ /^\.text/ { s += $2 } END { print s + 0 }'; }

# The cross toolchains here ship no C library headers (no picolibc/newlib installed). The core
# includes <string.h> and mbedTLS headers include <stdio.h>/<stdlib.h>/<time.h>, so for these
# compile-only size builds the script writes declaration-only stand-ins (no code: sizes are
# unaffected) when the real ones are missing. mbedTLS headers come from /usr/include/mbedtls
# through a private include dir holding only that link (not all of /usr/include, whose glibc
# headers would shadow the cross compiler's own <stdint.h>).
make_shim() {
    local d="$OUT/shim-include"
    mkdir -p "$d"
    ln -sfn /usr/include/mbedtls "$d/mbedtls"
    mkdir -p "$d/libc"
    cat >"$d/libc/string.h" <<'H'
#pragma once
#include <stddef.h>
void *memcpy(void *, const void *, size_t); void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t); int memcmp(const void *, const void *, size_t);
size_t strlen(const char *); int strcmp(const char *, const char *);
H
    cat >"$d/libc/stdlib.h" <<'H'
#pragma once
#include <stddef.h>
void *calloc(size_t, size_t); void *malloc(size_t); void free(void *); void abort(void); void exit(int);
H
    cat >"$d/libc/stdio.h" <<'H'
#pragma once
#include <stddef.h>
#include <stdarg.h>
typedef struct shim_file FILE;
int printf(const char *, ...); int fprintf(FILE *, const char *, ...);
int snprintf(char *, size_t, const char *, ...); int vsnprintf(char *, size_t, const char *, va_list);
H
    cat >"$d/libc/time.h" <<'H'
#pragma once
typedef long long time_t;
struct tm { int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst; };
time_t time(time_t *); struct tm *gmtime(const time_t *);
H
    echo "$d"
}

# size_line <label> <cc> <size-tool> <flags>: print x25519 and core .text for one toolchain.
size_line() {
    local label="$1" cc="$2" sz="$3" flags="$4" shim inc x core=0 skipped="" f o libc_note=""
    shim="$(make_shim)"
    inc="-I$NI/include -I$NI/src -I$shim"
    if ! echo '#include <string.h>' | $cc $flags -E -x c - >/dev/null 2>&1; then
        inc="$inc -I$shim/libc"
        libc_note=" (libc headers: declaration-only stand-ins, see run.sh)"
    fi
    # shellcheck disable=SC2086
    if $cc $flags -Os $inc -c "$NI/src/x25519.c" -o "$OUT/x25519.$label.o" 2>"$OUT/size.$label.log"; then
        x="$(text_bytes "$sz" "$OUT/x25519.$label.o")"
    else
        x="n/a (see $OUT/size.$label.log)"
    fi
    for f in "$NI"/src/*.c; do
        case "$(basename "$f")" in port_host.c) continue ;; esac
        o="$OUT/$(basename "$f" .c).$label.o"
        # shellcheck disable=SC2086
        if $cc $flags -Os $AES_DEVICE $inc -c "$f" -o "$o" 2>>"$OUT/size.$label.log"; then
            core=$((core + $(text_bytes "$sz" "$o")))
        else
            skipped="$skipped $(basename "$f")"
        fi
    done
    g="$(text_bytes "$sz" "$OUT/aes256gcm.$label.o" 2>/dev/null || echo n/a)"
    # shellcheck disable=SC2086
    if $cc $flags -Os -DUSMP_AES_BACKEND=2 $inc -c "$NI/src/aes_ct.c" -o "$OUT/aes_ct_on.$label.o" 2>>"$OUT/size.$label.log"; then
        a="$(text_bytes "$sz" "$OUT/aes_ct_on.$label.o")"
    else
        a="n/a"
    fi
    echo "  $label: x25519.c .text = $x B; aes256gcm.c (with ghash*.h) .text = $g B; our constant-time AES (aes_ct.c, only in builds without the AES peripheral; not in the core figure) .text = $a B; core (src/*.c but port_host.c, AES on the peripheral) .text = $core B${skipped:+ (not compiled here:$skipped)}$libc_note"
}

# Sections 3 and 6 compile the core as the ESP32 firmware runs it: mbedTLS's AES, i.e. the AES
# peripheral (-DUSMP_AES_BACKEND=1; Debian's 2.28 headers stand in for ESP-IDF's, so the AES
# context is mbedTLS's software one, larger than esp_aes_context: an upper bound). Our
# constant-time AES is reported apart.
AES_DEVICE="-DUSMP_AES_BACKEND=1"
echo "== 3. .text at -Os (compile only)"
if have "$RV_CC" && have "$RV_SIZE"; then
    size_line rv32imc "$RV_CC" "$RV_SIZE" "$RV_FLAGS"
else
    missing "$RV_CC" gcc-riscv64-unknown-elf
fi
if have "$XT_CC" && have "$XT_SIZE"; then
    size_line "xtensa-lx106 (size proxy: no 32x32->64 multiply, unlike the ESP32's LX6)" "$XT_CC" "$XT_SIZE" "$XT_FLAGS"
else
    missing "$XT_CC" gcc-xtensa-lx106
fi

# ---- RV32 dynamic instruction count -----------------------------------------------------------

echo "== 4. one X25519 on RV32IMC at -O2, qemu-riscv32 + our TCG plugin (1 call - 0 calls)"
rv=n/a
if ! have "$RV_CC"; then
    missing "$RV_CC" gcc-riscv64-unknown-elf
elif ! have qemu-riscv32; then
    missing qemu-riscv32 qemu-user
elif ! have gcc; then
    missing gcc gcc
elif ! gcc -shared -fPIC -O2 -o "$OUT/qemu_insn_count.so" "$HERE/qemu_insn_count.c" 2>"$OUT/plugin.build.log"; then
    echo "  plugin build failed: see $OUT/plugin.build.log"
else
    counts=""
    for n in 0 1; do
        # shellcheck disable=SC2086
        if ! $RV_CC $RV_FLAGS -O2 -nostdlib -static -DN_CALLS=$n -I"$NI/include" -I"$NI/src" \
            "$HERE/rv32_x25519.c" "$NI/src/x25519.c" -lgcc -o "$OUT/rv32_x25519_$n" 2>"$OUT/rv32.build.log"; then
            echo "  RV32 build failed: see $OUT/rv32.build.log"
            break
        fi
        # The plugin prints through QEMU's log ("-d plugin"), on stderr. Exit status 0 means the
        # 1-call binary computed the RFC 7748 answer.
        line="$(qemu-riscv32 -d plugin -plugin "$OUT/qemu_insn_count.so" "$OUT/rv32_x25519_$n" 2>&1 >/dev/null)"
        status=$?
        c="$(echo "$line" | awk '/^insns:/ { print $2 }')"
        if [ $status -ne 0 ] || [ -z "$c" ]; then
            echo "  qemu run failed (status $status): $line"
            echo "  (a Debian qemu-user without TCG plugin support prints an error for -plugin)"
            break
        fi
        counts="$counts $c"
    done
    set -- $counts
    if [ $# -eq 2 ]; then
        rv=$(($2 - $1))
    fi
fi
echo "  ours (32-bit limbs): $rv"

echo "== 5. GHASH of one 452-byte frame (31 blocks) on RV32IMC at -O2, qemu-riscv32 + our TCG plugin (1 - 0)"
gh_ours=n/a gh_bitserial=n/a
# rv32_count <variant-flags>: count(1) - count(0) of rv32_ghash.c, or n/a.
rv32_ghash_count() {
    local n c counts="" line status
    for n in 0 1; do
        # --no-relax: no crt0 sets gp, so gp-relative relaxed accesses would fault.
        # shellcheck disable=SC2086
        if ! $RV_CC $RV_FLAGS -O2 -nostdlib -static -Wl,--no-relax -DN_CALLS=$n $1 -I"$NI/include" \
            -I"$NI/src" "$HERE/rv32_ghash.c" -lgcc -o "$OUT/rv32_ghash_$n" 2>"$OUT/rv32_ghash.build.log"; then
            echo "n/a"
            return
        fi
        line="$(qemu-riscv32 -d plugin -plugin "$OUT/qemu_insn_count.so" "$OUT/rv32_ghash_$n" 2>&1 >/dev/null)"
        status=$?
        c="$(echo "$line" | awk '/^insns:/ { print $2 }')"
        if [ $status -ne 0 ] || [ -z "$c" ]; then
            echo "n/a"
            return
        fi
        counts="$counts $c"
    done
    # shellcheck disable=SC2086
    set -- $counts
    echo $(($2 - $1))
}
if have "$RV_CC" && have qemu-riscv32 && [ -f "$OUT/qemu_insn_count.so" ]; then
    gh_ours="$(rv32_ghash_count "")"
    gh_bitserial="$(rv32_ghash_count -DBENCH_BITSERIAL)"
else
    echo "  n/a (needs $RV_CC, qemu-riscv32 and the plugin built in section 4)"
fi
echo "  ours (ghash32.h: 4 bit groups x 32x32->64 multiplies, 2-level Karatsuba): $gh_ours"
echo "  bit-serial masked multiply (before ghash32.h): $gh_bitserial"

echo "== 6. worst-case native stack per interop entry point, RV32IMC at -O2 (gcc -fcallgraph-info=su)"
# The interop glue runs on the nanoCLR's own task stack: this is what one native call adds to it.
if have "$RV_CC"; then
    shim="$(make_shim)"
    mkdir -p "$OUT/stack"
    rm -f "$OUT/stack"/*.ci
    for f in "$NI"/src/*.c; do
        case "$(basename "$f")" in port_host.c) continue ;; esac
        # shellcheck disable=SC2086
        (cd "$OUT/stack" && $RV_CC $RV_FLAGS -O2 -DUSMP_PORT_ESP32 $AES_DEVICE -I"$NI/include" -I"$NI/src" -I"$shim" \
            -I"$shim/libc" -fcallgraph-info=su -c "$f" -o "$(basename "$f" .c).o") 2>>"$OUT/stack.log" \
            || echo "  $(basename "$f"): not compiled (see $OUT/stack.log)"
    done
    python3 "$HERE/stack_depth.py" "$OUT/stack"/*.ci || echo "  stack analysis failed"
    # The same with our constant-time AES (a chip without the peripheral): seal and open only.
    mkdir -p "$OUT/stack-ct"
    rm -f "$OUT/stack-ct"/*.ci
    for f in "$NI"/src/*.c; do
        case "$(basename "$f")" in port_host.c) continue ;; esac
        # shellcheck disable=SC2086
        (cd "$OUT/stack-ct" && $RV_CC $RV_FLAGS -O2 -DUSMP_PORT_ESP32 -DUSMP_AES_BACKEND=2 -I"$NI/include" -I"$NI/src" \
            -I"$shim" -I"$shim/libc" -fcallgraph-info=su -c "$f" -o "$(basename "$f" .c).o") 2>>"$OUT/stack.log" \
            || echo "  $(basename "$f"): not compiled (see $OUT/stack.log)"
    done
    echo "  with our constant-time AES instead (-DUSMP_AES_BACKEND=2):"
    python3 "$HERE/stack_depth.py" "$OUT/stack-ct"/*.ci | grep -E "usmp_abi_(seal|open)_frame" | sed 's/^/  /' \
        || echo "  stack analysis failed"
else
    missing "$RV_CC" gcc-riscv64-unknown-elf
fi

echo "== 7. seal / open of one 452-byte frame on RV32IMC at -O2 with our constant-time AES, qemu-riscv32 + our TCG plugin (1 - 0)"
# The whole frame path (header, CRC, AES-256-GCM with aes_ct.c and ghash32.h) as a chip without
# the AES peripheral would run it (-DUSMP_AES_BACKEND=2); freestanding, like sections 4 and 5.
rv_seal=n/a rv_open=n/a
rv32_frame_count() { # rv32_frame_count <variant-flags>: count(1) - count(0), or n/a
    local n c counts="" line status shim
    shim="$(make_shim)"
    for n in 0 1; do
        # shellcheck disable=SC2086
        if ! $RV_CC $RV_FLAGS -O2 -nostdlib -static -Wl,--no-relax -DN_CALLS=$n $1 -DUSMP_AES_BACKEND=2 \
            -I"$NI/include" -I"$NI/src" -I"$shim" -I"$shim/libc" "$HERE/rv32_frame.c" "$NI/src/frame_seal.c" \
            "$NI/src/frame_open.c" "$NI/src/aes256gcm.c" "$NI/src/aes_block.c" "$NI/src/aes_ct.c" \
            "$NI/src/crc16.c" "$NI/src/usmp_util.c" -lgcc -o "$OUT/rv32_frame_$n" 2>"$OUT/rv32_frame.build.log"; then
            echo "n/a"
            return
        fi
        line="$(qemu-riscv32 -d plugin -plugin "$OUT/qemu_insn_count.so" "$OUT/rv32_frame_$n" 2>&1 >/dev/null)"
        status=$?
        c="$(echo "$line" | awk '/^insns:/ { print $2 }')"
        if { [ "$n" = 1 ] && [ $status -ne 0 ]; } || [ -z "$c" ]; then
            echo "n/a"
            return
        fi
        counts="$counts $c"
    done
    # shellcheck disable=SC2086
    set -- $counts
    echo $(($2 - $1))
}
if have "$RV_CC" && have qemu-riscv32 && [ -f "$OUT/qemu_insn_count.so" ]; then
    rv_seal="$(rv32_frame_count "")"
    rv_open="$(rv32_frame_count -DBENCH_OPEN)"
else
    echo "  n/a (needs $RV_CC, qemu-riscv32 and the plugin built in section 4)"
fi
echo "  usmp_seal_frame: $rv_seal"
echo "  usmp_open_frame: $rv_open"

echo "aes backends, 452-byte frame seal/open instructions: x86-64 default=$aesfig_default ct=$aesfig_ct mbedtls-tables=$aesfig_tables rv32-ct=$rv_seal/$rv_open"
echo "x25519 instructions: ours=$ours mbedtls=$mbed libsodium=$sodium"
echo "x25519 rv32 instructions: ours=$rv"
