/*
 * crc16.c - the frame CRC, §1: CRC-16/MODBUS (reflected poly 0xA001, init 0xFFFF, no final
 * XOR; check value of "123456789" is 0x4B37). The reference code calls it "CRC-16/IBM".
 * Bit-serial, no table: the CRC covers public bytes only, but this keeps it small on the ESP32.
 */
#include "usmp_internal.h"

uint16_t usmp_crc16_update(uint16_t crc, const uint8_t *data, size_t len)
{
    size_t i;
    int bit;
    for (i = 0; i < len; i++) {
        crc ^= data[i];
        for (bit = 0; bit < 8; bit++) {
            uint16_t mask = (uint16_t)(0u - (crc & 1u));
            crc = (uint16_t)((crc >> 1) ^ (0xA001u & mask));
        }
    }
    return crc;
}

uint16_t usmp_crc16(const uint8_t *data, size_t len)
{
    return usmp_crc16_update(0xFFFFu, data, len);
}
