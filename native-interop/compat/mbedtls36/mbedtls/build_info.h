/*
 * Declaration-only stand-in for Mbed TLS 3.6's mbedtls/build_info.h, written for the USMP
 * compat check (compat_check_mbedtls36). It declares only what our core uses. Not Mbed TLS code.
 */
#ifndef MBEDTLS_BUILD_INFO_H
#define MBEDTLS_BUILD_INFO_H

#define MBEDTLS_VERSION_MAJOR 3
#define MBEDTLS_VERSION_MINOR 6
#define MBEDTLS_VERSION_PATCH 0
#define MBEDTLS_VERSION_NUMBER 0x03060000
#define MBEDTLS_VERSION_STRING "3.6.0"
#define MBEDTLS_VERSION_STRING_FULL "Mbed TLS 3.6.0"

/* As in 3.6: the configuration comes from MBEDTLS_CONFIG_FILE when it is defined (ESP-IDF:
 * "mbedtls/esp_config.h"). */
#if defined(MBEDTLS_CONFIG_FILE)
#include MBEDTLS_CONFIG_FILE
#endif

/* 3.x marks struct members private; outside the library they get a prefixed name. */
#define MBEDTLS_PRIVATE(member) private_##member

#endif
