/* fuzz_peer_json.c — libFuzzer harness for `belong peer add --json FILE`: jansson reads the
** input as the CLI does (duplicate keys refused), peer_from_json applies it to a fresh profile
** (every field setter in src/peers/profile.c and availability.c), and peer_validate checks it.
** A profile that is accepted must survive a round trip: written with peer_to_json and read
** back, it is accepted again and writes the same JSON.
*/
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/peers/profile_json.h"
#include "../src/util/rc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Applies obj to a fresh profile. Returns 0 when it is accepted and valid. OUT: *p. */
static int read_peer(const json_t *obj, struct peer *p, struct diag *diag)
{
    struct diag warnings = {0};
    peer_init(p);
    int rc = peer_from_json(obj, p, diag, &warnings, "peer.json");
    if (rc == BELONG_OK)
        rc = peer_validate(p, diag, "peer.json");
    if (rc != BELONG_OK && diag->count == 0) {
        fprintf(stderr, "fuzz: refused without a message\n");
        abort();
    }
    diag_free(&warnings);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t error;
    json_t *obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &error);
    if (!obj)
        return 0;
    struct peer p;
    struct diag diag = {0};
    if (read_peer(obj, &p, &diag) == BELONG_OK) {
        json_t *out = peer_to_json(&p, NULL);
        char *first = json_dumps(out, JSON_SORT_KEYS);
        struct peer again;
        struct diag diag2 = {0};
        if (read_peer(out, &again, &diag2) != BELONG_OK) {
            fprintf(stderr, "fuzz: round trip refused %s:\n%s", first, diag2.text.data);
            abort();
        }
        json_t *out2 = peer_to_json(&again, NULL);
        char *second = json_dumps(out2, JSON_SORT_KEYS);
        if (strcmp(first, second) != 0) {
            fprintf(stderr, "fuzz: round trip changed\n%s\ninto\n%s\n", first, second);
            abort();
        }
        free(first);
        free(second);
        json_decref(out);
        json_decref(out2);
        peer_free(&again);
        diag_free(&diag2);
    }
    peer_free(&p);
    diag_free(&diag);
    json_decref(obj);
    return 0;
}
