/* recommend_shared.c — the process's one copy of matching's data files (recommend_shared in
** recommend.h): read once and again only when one of the files changes, shared read-only by
** every thread, so that a server does not parse the concept map at each peer page.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/buf.h"
#include "../util/datadir.h"
#include "../util/rc.h"
#include "recommend.h"

/* The data files recommend_data_load reads (match_data_load, categories_load,
** listing_words_load): a change to any of them makes a new copy. */
static const char *const data_files[] = {
    "concepts.tsv",     "values_categories.tsv", "senses.tsv",    "categories.tsv",
    "access_words.tsv", "cost_words.tsv",        "languages.tsv",
};
#define N_DATA_FILES (sizeof data_files / sizeof *data_files)

/* What tells one version of a file from another. */
struct file_version {
    char path[4096];
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

/* One copy of the data, the newest first; older ones stay (reachable) until the process ends,
** since a thread may still be reading one. */
struct shared_copy {
    struct recommend_data data;
    struct file_version files[N_DATA_FILES];
    struct shared_copy *older;
};

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shared_copy *shared_newest; /* under shared_lock */

/* The files as they are now. Returns false when one cannot be looked at (the load says why). */
static bool files_now(struct file_version files[N_DATA_FILES])
{
    for (size_t i = 0; i < N_DATA_FILES; i++) {
        struct file_version *f = &files[i];
        memset(f, 0, sizeof *f);
        data_file_path(data_files[i], f->path, sizeof f->path);
        struct stat st;
        if (stat(f->path, &st) != 0)
            return false;
        f->dev = st.st_dev;
        f->ino = st.st_ino;
        f->size = st.st_size;
        f->mtime = st.st_mtim;
    }
    return true;
}

static bool same_files(const struct shared_copy *c, const struct file_version files[N_DATA_FILES])
{
    for (size_t i = 0; c && i < N_DATA_FILES; i++) {
        const struct file_version *a = &c->files[i], *b = &files[i];
        if (strcmp(a->path, b->path) != 0 || a->dev != b->dev || a->ino != b->ino ||
            a->size != b->size || a->mtime.tv_sec != b->mtime.tv_sec ||
            a->mtime.tv_nsec != b->mtime.tv_nsec)
            return false;
    }
    return c != NULL;
}

int recommend_shared(const struct recommend_data **d, struct diag *diag)
{
    *d = NULL;
    struct file_version files[N_DATA_FILES];
    int rc = BELONG_OK;
    pthread_mutex_lock(&shared_lock);
    bool known = files_now(files); /* not known: read (the load names a missing file), never
                                   ** taken for the same files again */
    if (!known || !same_files(shared_newest, files)) {
        struct shared_copy *c = xcalloc(1, sizeof *c);
        rc = recommend_data_load(&c->data, diag);
        if (rc == BELONG_OK) {
            if (known)
                memcpy(c->files, files, sizeof c->files);
            c->older = shared_newest;
            shared_newest = c;
        } else {
            free(c);
        }
    }
    if (rc == BELONG_OK)
        *d = &shared_newest->data;
    pthread_mutex_unlock(&shared_lock);
    return rc;
}
