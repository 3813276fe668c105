/*
 * crc16.c - the frame CRC, §1: CRC-16/MODBUS (reflected poly 0xA001, init 0xFFFF, no final
 * XOR; check value of "123456789" is 0x4B37). The reference code calls it "CRC-16/IBM".
 *
 * Four bits at a time through a 16-entry table (32 bytes): the bit-serial loop cost more than
 * GHASH per frame. A table index is fine here because the CRC only ever covers PUBLIC bytes:
 * the header and the sealed payload exactly as they travel on the wire (frame_seal.c marks the
 * payload public before it computes the CRC, so the valgrind constant-time check agrees).
 */
#include "usmp_internal.h"

/* crc_nibble[n] = the CRC register after shifting the 4-bit value n out of it (poly 0xA001). */
static const uint16_t crc_nibble[16] = {
    0x0000u, 0xCC01u, 0xD801u, 0x1400u, 0xF001u, 0x3C00u, 0x2800u, 0xE401u,
    0xA001u, 0x6C00u, 0x7800u, 0xB401u, 0x5000u, 0x9C01u, 0x8801u, 0x4400u
};

uint16_t usmp_crc16_update(uint16_t crc, const uint8_t *data, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        crc ^= data[i];
        crc = (uint16_t)((crc >> 4) ^ crc_nibble[crc & 0x0Fu]);
        crc = (uint16_t)((crc >> 4) ^ crc_nibble[crc & 0x0Fu]);
    }
    return crc;
}

uint16_t usmp_crc16(const uint8_t *data, size_t len)
{
    return usmp_crc16_update(0xFFFFu, data, len);
}
