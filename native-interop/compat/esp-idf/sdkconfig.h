/* Declaration-only stand-in for the sdkconfig.h that ESP-IDF generates (USMP compat check):
 * only the options our core reads. As in nanoFramework's ESP32 builds (IDF default, see
 * ARCHITECTURE.md), hardware AES is on; -DUSMP_COMPAT_NO_HW_AES models a configuration with
 * it off, which the build must refuse (tests: esp32_build_refuses_table_aes). */
#ifndef USMP_COMPAT_SDKCONFIG_H
#define USMP_COMPAT_SDKCONFIG_H
#define CONFIG_IDF_TARGET_ESP32 1
#define CONFIG_MBEDTLS_AES_C 1
#if !defined(USMP_COMPAT_NO_HW_AES)
#define CONFIG_MBEDTLS_HARDWARE_AES 1
#endif
#endif
