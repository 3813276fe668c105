/*
 * usmp_port.h - the only door from the USMP crypto core to the platform.
 *
 * One implementation is linked per target: port_host.c (Linux, getrandom(2)) on a PC and
 * port_esp32.c (esp_fill_random) in the ESP32 firmware.
 */
#ifndef USMP_PORT_H
#define USMP_PORT_H

#include <stddef.h>
#include <stdint.h>

/* Fill out[0..len) with cryptographically secure random bytes.
 * Returns 0 on success, non-zero on failure (the caller then wipes out). */
int usmp_port_random(uint8_t *out, size_t len);

#endif /* USMP_PORT_H */
