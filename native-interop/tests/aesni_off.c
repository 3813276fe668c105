/*
 * aesni_off.c - makes Debian's libmbedcrypto (2.28, built with MBEDTLS_AESNI_C) behave as on a
 * CPU without AES-NI, so the tests can run its table-based software AES here.
 *
 * libmbedcrypto.so calls mbedtls_aesni_has_support() through its PLT (objdump -d shows
 * "call <mbedtls_aesni_has_support@plt>" in mbedtls_aes_setkey_enc and
 * mbedtls_aes_crypt_ecb), so a definition exported by the executable (linked with
 * -Wl,--export-dynamic-symbol=mbedtls_aesni_has_support) takes precedence. Answering 0 sends
 * mbedtls_aes_setkey_enc to its FSb/RCON table code and mbedtls_aes_crypt_ecb to
 * mbedtls_internal_aes_encrypt (FT0..FT3 tables): the code a host without AES-NI, or an ESP32
 * build without the AES peripheral, runs. test_aes_backend checks that the switch took effect.
 */
int mbedtls_aesni_has_support(unsigned int what);

/* default visibility: the build compiles with -fvisibility=hidden, which would keep the
 * definition out of the dynamic symbol table and leave libmbedcrypto bound to its own. */
__attribute__((visibility("default"))) int mbedtls_aesni_has_support(unsigned int what)
{
    (void)what;
    return 0;
}
