/* sqlite_brief.c — what a search's answer shows, as of the in-memory copy of the listings the
** search was ranked from (sqlite_listings.c), instead of from SQLite on every request:
** - a result's fields (store_listing_brief): the copy already holds every field a result shows
**   (its name, organisation, town and zone in the copy's text, its category, cost, access,
**   intensity, online flag and open days in its record), so a page of results costs no B-tree
**   look-up; a page of results borrows them (store_listing_brief_borrow) to copy them all into
**   one block of its own. Without a copy that holds them (a connection that does not share its copy
*and
**   asked for no words, or inside a transaction) the row is read by store_activity_brief;
** - the horizon of the stored occurrences (store_search_horizon), read once per connection and
**   version of the directory (writing the horizon moves the version) instead of opening a read
**   transaction for it after each search.
*/
#include <string.h>

#include "../directory/activity.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

bool store_listing_brief_borrow(struct store *s, int64_t id, struct activity *a,
                                struct store_brief_strings *strings)
{
    const struct store_listings *l = s->last_copy;
    if (!l || !l->has_texts || id <= 0 || (uint64_t)id >= l->n ||
        !(l->by_id[id].flags & STORE_LISTING_PRESENT))
        return false;
    const struct store_listing *x = &l->by_id[id];
    const struct store_listing_text *t = &l->texts[id];
    memset(a, 0, sizeof *a);
    a->id = id;
    *strings = (struct store_brief_strings){
        .name = store_listings_string(l, t->name),
        .organization = store_listings_string(l, t->organization),
        .category = x->category ? l->categories[x->category] : NULL,
        .town = store_listings_string(l, t->town),
        .tzid = store_listings_string(l, t->tzid),
    };
    /* The copy knows only whether the place is a centre, not which: a ZIP code's stands for
    ** both (what a result shows is whether its distance is approximate). */
    a->coords_from = t->approximate_place ? COORDS_FROM_ZIP : COORDS_FROM_SOURCE;
    a->cost_cents = x->cost_cents;
    a->access = x->access;
    a->intensity = x->intensity;
    a->is_virtual = (x->flags & STORE_LISTING_VIRTUAL) != 0;
    a->open_days = x->open_days;
    return true;
}

static char *dup_or_null(const char *text)
{
    return text ? xstrdup(text) : NULL;
}

int store_listing_brief(struct store *s, int64_t id, struct activity *a)
{
    struct store_brief_strings t;
    if (!store_listing_brief_borrow(s, id, a, &t))
        return store_activity_brief(s, id, a);
    a->name = dup_or_null(t.name);
    a->organization = dup_or_null(t.organization);
    a->category = dup_or_null(t.category);
    a->town = dup_or_null(t.town);
    a->tzid = dup_or_null(t.tzid);
    return BELONG_OK;
}

int store_search_horizon(struct store *s, time_t *from, time_t *to, bool *found)
{
    const struct store_listings *l = s->last_copy;
    bool own_read = sqlite3_get_autocommit(s->db) != 0;
    /* A transaction that writes may have moved it: read afresh (one that reads sees the
    ** committed state the copy was checked against). */
    bool in_transaction = !own_read && sqlite3_txn_state(s->db, "main") == SQLITE_TXN_WRITE;
    if (l && !in_transaction && s->horizon_copy == l && s->horizon_version == l->version) {
        *from = s->horizon_from;
        *to = s->horizon_to;
        *found = s->horizon_found;
        return BELONG_OK;
    }
    if (!l || in_transaction)
        return store_horizon_get(s, from, to, found);
    /* Read with the directory's version in one read transaction (the caller's, or one opened
    ** here): kept only when it is the copy's (else a later commit moved it, and the horizon read
    ** is the newer one's). */
    int rc = own_read ? store_read_begin(s) : BELONG_OK;
    int64_t version = rc == BELONG_OK ? store_directory_version(s) : -1;
    if (rc == BELONG_OK)
        rc = store_horizon_get(s, from, to, found);
    if (own_read)
        store_read_end(s);
    s->horizon_copy = NULL;
    if (rc == BELONG_OK && version == l->version) {
        s->horizon_copy = l;
        s->horizon_version = version;
        s->horizon_from = *from;
        s->horizon_to = *to;
        s->horizon_found = *found;
    }
    return rc;
}
