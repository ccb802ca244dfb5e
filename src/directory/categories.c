/* categories.c — loading the category table
** (see categories.h).
*/
#include "categories.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/buf.h"
#include "../util/datadir.h"
#include "../util/datafile.h"
#include "../util/rc.h"
#include "../util/text.h"

/* Splits one "slug<TAB>label<TAB>kw,kw" line into c. Returns false when malformed. */
static bool parse_line(char *line, struct category *c)
{
    char *tab1 = strchr(line, '\t');
    char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
    if (!tab1 || !tab2 || tab1 == line)
        return false;
    *tab1 = *tab2 = '\0';
    c->slug = xstrdup(line);
    c->label = xstrdup(tab1 + 1);
    for (const char *p = tab2 + 1; *p;) {
        size_t n = strcspn(p, ",");
        char *kw = text_trim_lower(p, n);
        if (*kw) {
            c->keywords = xrealloc(c->keywords, (c->n_keywords + 1) * sizeof *c->keywords);
            c->keywords[c->n_keywords++] = kw;
        } else {
            free(kw);
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return true;
}

/* Adds one line of categories.tsv to the table (ctx). */
static const char *add_category_line(void *ctx, char *line)
{
    struct category_table *t = ctx;
    struct category c = {0};
    if (!parse_line(line, &c)) {
        free(c.slug);
        free(c.label);
        return "expected slug<TAB>label<TAB>keywords";
    }
    t->items = xrealloc(t->items, (t->n + 1) * sizeof *t->items);
    t->items[t->n++] = c;
    return NULL;
}

int categories_load(const char *path, struct category_table *t, struct diag *diag)
{
    memset(t, 0, sizeof *t);
    int rc = datafile_read(path, "categories.tsv", add_category_line, t, diag);
    if (rc != BELONG_OK)
        categories_free(t);
    return rc;
}

void categories_free(struct category_table *t)
{
    if (t->shared) { /* borrowed from the process's copy */
        memset(t, 0, sizeof *t);
        return;
    }
    for (size_t i = 0; i < t->n; i++) {
        struct category *c = &t->items[i];
        for (size_t k = 0; k < c->n_keywords; k++)
            free(c->keywords[k]);
        free(c->keywords);
        free(c->slug);
        free(c->label);
    }
    free(t->items);
    memset(t, 0, sizeof *t);
}

const struct category *category_find(const struct category_table *t, const char *slug)
{
    for (size_t i = 0; slug && i < t->n; i++)
        if (strcmp(t->items[i].slug, slug) == 0)
            return &t->items[i];
    return NULL;
}

/* One version of the data file as read by categories_shared: the newest first; older ones stay
** (reachable) until the process ends, since a thread may still borrow them. */
struct shared_version {
    struct category_table table;
    char path[4096];
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    struct shared_version *older;
};

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shared_version *shared_newest; /* under shared_lock */

static bool same_version(const struct shared_version *v, const char *path, const struct stat *st)
{
    return v && strcmp(v->path, path) == 0 && v->dev == st->st_dev && v->ino == st->st_ino &&
           v->size == st->st_size && v->mtime.tv_sec == st->st_mtim.tv_sec &&
           v->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

int categories_shared(struct category_table *t, struct diag *diag)
{
    memset(t, 0, sizeof *t);
    char path[4096];
    data_file_path("categories.tsv", path, sizeof path);
    struct stat st;
    if (stat(path, &st) != 0) /* categories_load says why */
        return categories_load(path, t, diag);
    int rc = BELONG_OK;
    pthread_mutex_lock(&shared_lock);
    if (!same_version(shared_newest, path, &st)) {
        struct shared_version *v = xcalloc(1, sizeof *v);
        rc = categories_load(path, &v->table, diag);
        if (rc == BELONG_OK) {
            snprintf(v->path, sizeof v->path, "%s", path);
            v->dev = st.st_dev;
            v->ino = st.st_ino;
            v->size = st.st_size;
            v->mtime = st.st_mtim;
            v->older = shared_newest;
            shared_newest = v;
        } else {
            free(v);
        }
    }
    if (rc == BELONG_OK) {
        *t = shared_newest->table;
        t->shared = true;
    }
    pthread_mutex_unlock(&shared_lock);
    return rc;
}
