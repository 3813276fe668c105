/* Declaration-only stand-in for ESP-IDF 5.x components/mbedtls/port/include/mbedtls/esp_config.h
 * (USMP compat check), reduced to the one rule our core depends on: MBEDTLS_AES_ALT (mbedTLS's
 * AES routed to the esp_aes_* peripheral driver) exactly when CONFIG_MBEDTLS_HARDWARE_AES.
 * ESP-IDF compiles every user of its mbedTLS with -DMBEDTLS_CONFIG_FILE="mbedtls/esp_config.h". */
#ifndef USMP_COMPAT_ESP_CONFIG_H
#define USMP_COMPAT_ESP_CONFIG_H
#include "sdkconfig.h"
#if defined(CONFIG_MBEDTLS_HARDWARE_AES)
#define MBEDTLS_AES_ALT
#else
#undef MBEDTLS_AES_ALT
#endif
#endif
