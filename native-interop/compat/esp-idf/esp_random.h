/* Declaration-only stand-in for ESP-IDF 5.x esp_random.h (USMP compat check of port_esp32.c). */
#ifndef ESP_RANDOM_H
#define ESP_RANDOM_H
#include <stddef.h>
#include <stdint.h>
uint32_t esp_random(void);
void esp_fill_random(void *buf, size_t len);
#endif
