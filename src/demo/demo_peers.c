/* demo_peers.c — loading the demo peers from data/demo/peers.json into their caseloads (see
** demo_peers.h).
*/
#include "demo_peers.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../peers/caseload.h"
#include "../peers/profile_json.h"
#include "../util/buf.h"
#include "../util/datadir.h"
#include "../util/rc.h"

/* The id of the peer named name in cps's caseload (archived ones too), or 0. */
static int find_by_name(struct store *s, const char *cps, const char *name, int64_t *id)
{
    *id = 0;
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = store_peer_ids(s, cps, true, &ids, &n);
    for (size_t i = 0; rc == BELONG_OK && i < n && !*id; i++) {
        struct peer p;
        rc = peer_load(s, cps, ids[i], &p);
        if (rc == BELONG_OK && p.name && name && strcmp(p.name, name) == 0)
            *id = ids[i];
        if (rc == BELONG_OK)
            peer_free(&p);
    }
    free(ids);
    return rc;
}

static int add_one(struct store *s, const char *cps, json_t *obj, const char *file,
                   struct diag *diag, size_t *added, size_t *updated)
{
    struct peer p;
    peer_init(&p);
    p.cps = xstrdup(cps);
    int rc = peer_from_json(obj, &p, diag, NULL, file);
    int64_t existing = 0;
    if (rc == BELONG_OK)
        rc = find_by_name(s, cps, p.name, &existing);
    p.id = existing;
    if (rc == BELONG_OK)
        rc = peer_put(s, &p, diag, NULL, file);
    if (rc == BELONG_OK)
        (*(existing ? updated : added))++;
    peer_free(&p);
    return rc;
}

int demo_peers_add(struct store *s, const char *path, struct diag *diag, size_t *added,
                   size_t *updated)
{
    size_t n_added = 0, n_updated = 0;
    char buf[4096];
    const char *file = path ? path : data_file_path(DEMO_PEERS_FILE, buf, sizeof buf);
    json_error_t jerr;
    json_t *root = json_load_file(file, 0, &jerr);
    int rc = BELONG_OK;
    if (!root) {
        diag_add(diag, file, jerr.line > 0 ? jerr.line : 0, NULL, "%s", jerr.text);
        rc = BELONG_EDATA;
        goto out;
    }
    json_t *caseloads = json_object_get(root, "caseloads");
    if (!json_is_array(caseloads)) {
        diag_add(diag, file, 0, "caseloads", "expected an array");
        rc = BELONG_EDATA;
        goto out;
    }
    /* One transaction: each peer is looked up by name and written with no other write in
    ** between (two demos at once add each peer once), and a problem leaves nothing written. */
    if ((rc = store_begin(s)) != BELONG_OK)
        goto out;
    size_t i;
    json_t *caseload;
    json_array_foreach(caseloads, i, caseload)
    {
        const char *cps = json_string_value(json_object_get(caseload, "cps"));
        json_t *peers = json_object_get(caseload, "peers");
        if (!cps || !cps_handle_valid(cps) || !json_is_array(peers)) {
            diag_add(diag, file, 0, "caseloads", "item %zu needs a CPS handle and peers", i);
            rc = BELONG_EDATA;
            goto out;
        }
        size_t k;
        json_t *obj;
        json_array_foreach(peers, k, obj)
        {
            rc = add_one(s, cps, obj, file, diag, &n_added, &n_updated);
            if (rc != BELONG_OK)
                goto out;
        }
    }
    rc = store_commit(s);
out:
    if (rc != BELONG_OK) {
        store_rollback(s);
        n_added = n_updated = 0;
    }
    json_decref(root);
    if (added)
        *added = n_added;
    if (updated)
        *updated = n_updated;
    return rc;
}
