/* keyfile.c — the key file beside a database (keyfile.h): where it is, reading it with its
** mode checked, creating it once, rewriting it atomically for a key rotation.
**
** The file is text, one key a line after comments: "VERSION HEX" (64 hex digits), versions
** ascending; the newest seals new values once the database says so (sqlite_seal.c).
*/
#include "keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/privfile.h"
#include "../util/rc.h"
#include "store.h"

#define KEYFILE_MAX_BYTES 65536 /* far more than any number of versions a file keeps */

static char *key_path_given; /* store_key_file_set; owned */

void store_key_file_set(const char *path)
{
    free(key_path_given);
    key_path_given = path ? xstrdup(path) : NULL;
}

char *keyfile_path(const char *db_path)
{
    const char *env = getenv("BELONG_KEY_FILE");
    if (key_path_given)
        return xstrdup(key_path_given);
    if (env && *env)
        return xstrdup(env);
    struct buf b = {0};
    buf_printf(&b, "%s.key", db_path);
    return buf_detach(&b);
}

static struct keyfile_key *ring_grow(struct keyring *ring)
{
    struct keyfile_key *keys = sodium_malloc((ring->n + 1) * sizeof *keys);
    if (!keys) {
        fputs("belong: out of memory\n", stderr);
        abort();
    }
    if (ring->n)
        memcpy(keys, ring->keys, ring->n * sizeof *keys);
    sodium_free(ring->keys);
    ring->keys = keys;
    return &ring->keys[ring->n++];
}

void keyring_free(struct keyring *ring)
{
    sodium_free(ring->keys); /* zeroes them */
    ring->keys = NULL;
    ring->n = 0;
}

const struct keyfile_key *keyring_find(const struct keyring *ring, uint32_t v)
{
    for (size_t i = 0; i < ring->n; i++)
        if (ring->keys[i].version == v)
            return &ring->keys[i];
    return NULL;
}

uint32_t keyring_newest(const struct keyring *ring)
{
    return ring->n ? ring->keys[ring->n - 1].version : 0;
}

const struct keyfile_key *keyring_add_new(struct keyring *ring)
{
    uint32_t v = keyring_newest(ring) + 1;
    struct keyfile_key *k = ring_grow(ring);
    k->version = v;
    crypto_aead_xchacha20poly1305_ietf_keygen(k->key);
    return k;
}

void keyring_keep_only(struct keyring *ring, uint32_t v)
{
    size_t out = 0;
    for (size_t i = 0; i < ring->n; i++)
        if (ring->keys[i].version == v)
            ring->keys[out++] = ring->keys[i];
    sodium_memzero(ring->keys + out, (ring->n - out) * sizeof *ring->keys);
    ring->n = out;
}

/* Parses the file's text into ring. 0 or BELONG_EDATA with err naming path and the line. */
static int parse(const char *path, char *text, struct keyring *ring, char *err, size_t errlen)
{
    int line = 0;
    for (char *p = text, *next; p && *p; p = next) {
        line++;
        next = strchr(p, '\n');
        if (next)
            *next++ = '\0';
        if (*p == '#' || *p == '\0')
            continue;
        char *end;
        errno = 0;
        unsigned long v = strtoul(p, &end, 10);
        char *hex = end + strspn(end, " ");
        size_t bin_len = 0;
        struct keyfile_key *k = NULL;
        if (end == p || *p == '-' || errno || v == 0 || v > UINT32_MAX || hex == end ||
            v <= keyring_newest(ring) || strlen(hex) != 2 * KEYFILE_KEY_BYTES ||
            (k = ring_grow(ring),
             sodium_hex2bin(k->key, sizeof k->key, hex, strlen(hex), NULL, &bin_len, NULL) != 0 ||
                 bin_len != sizeof k->key)) {
            snprintf(err, errlen,
                     "%s:%d: not a belong key line (VERSION, then the key as %d hex digits; "
                     "versions ascending)",
                     path, line, 2 * KEYFILE_KEY_BYTES);
            return BELONG_EDATA;
        }
        k->version = (uint32_t)v;
    }
    if (!ring->n) {
        snprintf(err, errlen, "%s: the key file holds no key", path);
        return BELONG_EDATA;
    }
    return BELONG_OK;
}

int keyfile_read(const char *path, struct keyring *ring, char *err, size_t errlen)
{
    ring->keys = NULL;
    ring->n = 0;
    struct stat st;
    if (lstat(path, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? BELONG_ENOINPUT : BELONG_EIO;
    }
    if (S_ISLNK(st.st_mode)) {
        snprintf(err, errlen, "%s: the key file is a symbolic link: refused (give the file itself)",
                 path);
        return BELONG_ENOPERM;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: the key file is not a regular file", path);
        return BELONG_EIO;
    }
    if (st.st_mode & 077) {
        snprintf(err, errlen,
                 "%s: the key file can be read or written by others (mode %04o): refused; "
                 "chmod 600 it",
                 path, (unsigned)(st.st_mode & 07777));
        return BELONG_ENOPERM;
    }
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return BELONG_EIO;
    }
    char *text = sodium_malloc(KEYFILE_MAX_BYTES + 1);
    size_t len = 0;
    ssize_t got = 0;
    while (
        text && len < KEYFILE_MAX_BYTES &&
        ((got = read(fd, text + len, KEYFILE_MAX_BYTES - len)) > 0 || (got < 0 && errno == EINTR)))
        len += got > 0 ? (size_t)got : 0;
    close(fd);
    int rc = BELONG_OK;
    if (!text || got < 0) {
        snprintf(err, errlen, "%s: cannot read: %s", path, text ? strerror(errno) : "no memory");
        rc = BELONG_EIO;
    } else if (len == KEYFILE_MAX_BYTES) {
        snprintf(err, errlen, "%s: too large for a key file", path);
        rc = BELONG_EDATA;
    } else {
        text[len] = '\0';
        rc = parse(path, text, ring, err, errlen);
    }
    sodium_free(text);
    if (rc != BELONG_OK)
        keyring_free(ring);
    return rc;
}

/* The file's text for ring, in locked memory (sodium_free). */
static char *ring_text(const struct keyring *ring, size_t *len)
{
    static const char head[] = "# belong key file (docs/privacy.md): keep it apart from the "
                               "database and its backups; without it the sealed fields are lost\n";
    size_t cap = sizeof head + ring->n * (16 + 2 * KEYFILE_KEY_BYTES);
    char *text = sodium_malloc(cap);
    if (!text) {
        fputs("belong: out of memory\n", stderr);
        abort();
    }
    size_t n = (size_t)snprintf(text, cap, "%s", head);
    for (size_t i = 0; i < ring->n; i++) {
        n += (size_t)snprintf(text + n, cap - n, "%u ", (unsigned)ring->keys[i].version);
        sodium_bin2hex(text + n, cap - n, ring->keys[i].key, sizeof ring->keys[i].key);
        n += 2 * KEYFILE_KEY_BYTES;
        text[n++] = '\n';
    }
    *len = n;
    return text;
}

int keyfile_write(const char *path, const struct keyring *ring, char *err, size_t errlen)
{
    size_t len;
    char *text = ring_text(ring, &len);
    int rc = write_private_file(path, text, len, err, errlen);
    sodium_free(text);
    return rc;
}

int keyfile_create(const char *path, struct keyring *ring, char *err, size_t errlen)
{
    ring->keys = NULL;
    ring->n = 0;
    keyring_add_new(ring);
    /* Written whole beside it, then linked in: link() never replaces a file, so of two
    ** processes creating the key at once, one key wins and both use it. */
    struct buf tmp = {0};
    buf_printf(&tmp, "%s.new%ld", path, (long)getpid());
    int rc = keyfile_write(tmp.data, ring, err, errlen);
    if (rc == BELONG_OK && link(tmp.data, path) != 0) {
        if (errno != EEXIST) {
            snprintf(err, errlen, "%s: cannot create the key file: %s", path, strerror(errno));
            rc = BELONG_EIO;
        } else {
            keyring_free(ring);
            rc = keyfile_read(path, ring, err, errlen);
        }
    }
    unlink(tmp.data);
    buf_free(&tmp);
    if (rc != BELONG_OK)
        keyring_free(ring);
    return rc;
}
