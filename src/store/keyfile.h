/* keyfile.h — the key file that seals a database's sensitive peer fields (docs/privacy.md):
** its versions of XChaCha20-Poly1305 keys, read, created and rewritten. Private to src/store/.
*/
#ifndef BELONG_KEYFILE_H
#define BELONG_KEYFILE_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYFILE_KEY_BYTES crypto_aead_xchacha20poly1305_ietf_KEYBYTES

struct keyfile_key {
    uint32_t version; /* 1, 2, ...: a sealed value names the version that sealed it */
    unsigned char key[KEYFILE_KEY_BYTES];
};
/* The versions a key file holds, in the order written (ascending). Keys live in memory that
** libsodium locks and zeroes (sodium_malloc). */
struct keyring {
    struct keyfile_key *keys; /* [n]; owned (sodium_malloc) */
    size_t n;
};

/* The key file of the database at db_path: the path set by store_key_file_set, else
** $BELONG_KEY_FILE, else db_path followed by ".key". Returns a heap string (caller frees). */
char *keyfile_path(const char *db_path);

/* Reads path into *ring. Refuses a symbolic link, a file group or others may read or write,
** and a file whose lines are not "VERSION HEX" (64 hex digits, versions ascending). Returns 0;
** BELONG_ENOINPUT when there is no file; BELONG_ENOPERM, BELONG_EDATA or BELONG_EIO with err
** naming the file (and the line). */
int keyfile_read(const char *path, struct keyring *ring, char *err, size_t errlen);
/* Creates path with one new key (version 1), mode 0600, never replacing a file that exists:
** when another process made it first, reads theirs. Returns 0 or an error as keyfile_read. */
int keyfile_create(const char *path, struct keyring *ring, char *err, size_t errlen);
/* Writes ring to path (0600, atomically: a new file renamed over the old). 0 or BELONG_EIO. */
int keyfile_write(const char *path, const struct keyring *ring, char *err, size_t errlen);
/* Appends a new random key with the next version; returns it (owned by ring). */
const struct keyfile_key *keyring_add_new(struct keyring *ring);
/* The key of version v, or NULL. */
const struct keyfile_key *keyring_find(const struct keyring *ring, uint32_t v);
/* The newest version, 0 when empty. */
uint32_t keyring_newest(const struct keyring *ring);
/* Keeps only version v. */
void keyring_keep_only(struct keyring *ring, uint32_t v);
void keyring_free(struct keyring *ring);

#endif
