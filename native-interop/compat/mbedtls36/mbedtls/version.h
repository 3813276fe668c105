/* Declaration-only stand-in for Mbed TLS 3.6's mbedtls/version.h (USMP compat check). */
#ifndef MBEDTLS_VERSION_H
#define MBEDTLS_VERSION_H

#include "mbedtls/build_info.h"

unsigned int mbedtls_version_get_number(void);
void mbedtls_version_get_string(char *string);
void mbedtls_version_get_string_full(char *string);

#endif
