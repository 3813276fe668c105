/*
 * port_esp32.c - usmp_port.h for the ESP32 firmware (ESP-IDF 5.x).
 *
 * esp_fill_random() draws from the hardware RNG. It is a true RNG only while the RF
 * subsystem (Wi-Fi/BT) is on or bootloader_random_enable() is active; the USMP client
 * always runs with Wi-Fi up, which is the case the firmware relies on.
 * Compiled only in the firmware build: the host CMake build never lists this file, and the
 * guard below makes it an empty unit anywhere ESP_PLATFORM is not defined.
 */
#if defined(ESP_PLATFORM)
#include "esp_random.h"

#include "usmp_port.h"

int usmp_port_random(uint8_t *out, size_t len)
{
    esp_fill_random(out, len);
    return 0;
}
#else
typedef int usmp_port_esp32_unused; /* ISO C forbids an empty translation unit */
#endif
