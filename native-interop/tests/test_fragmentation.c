/* test_fragmentation.c - fragmentation.json: the 1000-byte message split into
 * DATA_FRAG(452), DATA_FRAG(452), DATA(96) must seal to the three frames byte for byte, and
 * opening them must give the message back. */
#include <stdlib.h>
#include <string.h>

#include "test_common.h"

int main(int argc, char **argv)
{
    json *root = t_load(t_vectors_dir(argc, argv), "fragmentation.json");
    const json *frames = json_get(root, "frames");
    uint8_t key[32], sid[16], frame[492], back[452];
    size_t msg_len, i, reassembled = 0;
    uint8_t *msg = t_hex(json_gets(root, "message_hex"), &msg_len);
    uint8_t *joined = calloc(1, msg_len + 1);
    t_hex_into(key, 32, json_gets(root, "k_c2s_hex"));
    t_hex_into(sid, 16, json_gets(root, "session_id_hex"));
    CHECK(json_len(frames) == 3, "three frames");
    for (i = 0; i < json_len(frames); i++) {
        const json *f = json_at(frames, i);
        size_t off = (size_t)json_num(json_get(f, "plaintext_offset"));
        size_t len = (size_t)json_num(json_get(f, "plaintext_len"));
        uint8_t type = (uint8_t)strtoul(json_gets(f, "type") ? json_gets(f, "type") : "0", NULL, 16);
        size_t want_len, flen, back_len;
        uint8_t *want = t_hex(json_gets(f, "frame_hex"), &want_len);
        if (!CHECK(off + len <= msg_len, "fragment range")) {
            free(want);
            continue;
        }
        CHECK(usmp_seal_frame(frame, sizeof frame, 0, type, (uint32_t)json_num(json_get(f, "seq")),
                              key, sid, msg + off, len, &flen) == USMP_S_OK, "seal fragment %zu", i);
        CHECK(flen == want_len, "fragment %zu length %zu != %zu", i, flen, want_len);
        t_bytes_eq(frame, want, flen < want_len ? flen : want_len, "fragment frame");
        CHECK(usmp_open_frame(back, sizeof back, &back_len, want, want_len, key, sid) == USMP_S_OK,
              "open fragment %zu", i);
        if (CHECK(back_len == len && reassembled + len <= msg_len, "fragment %zu plaintext length", i)) {
            memcpy(joined + reassembled, back, len);
            reassembled += len;
        }
        free(want);
    }
    CHECK(reassembled == msg_len && memcmp(joined, msg, msg_len) == 0, "reassembled message");
    free(msg);
    free(joined);
    json_free(root);
    return t_finish("fragmentation");
}
