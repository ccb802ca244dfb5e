/* zip.h — a directory's export published as a .zip: unpacked with libarchive into a private
** temporary folder, every entry checked before a byte of it is written, and the package found
** in it (at its top, or in its one top-level folder) for a format to read as a folder or file.
** Hostile archives are the normal case: an entry with an absolute path or '..', a link, a
** device, an encrypted entry, too many entries or too many bytes unpacked (counted as they are
** produced, not as the archive claims), a corrupt or cut-short archive: each refused, naming
** the archive and the entry, and nothing is left behind.
*/
#ifndef BELONG_ZIP_H
#define BELONG_ZIP_H

#include <stdbool.h>
#include <stddef.h>

#define ZIP_ENTRIES_MAX   1000 /* entries (files and folders) in one archive */
#define ZIP_MIB_DEFAULT   2048 /* MiB unpacked, in all: $BELONG_UNZIP_MAX_MIB, else this */
#define ZIP_MIB_MAX       1048576
#define ZIP_MIB_ENV       "BELONG_UNZIP_MAX_MIB"
#define ZIP_FOLDER_PREFIX "belong-zip-"

/* How much an archive may hold. */
struct zip_limits {
    long entries;             /* at most this many entries */
    unsigned long long bytes; /* at most this many bytes unpacked, all entries together */
};

/* The limits: ZIP_ENTRIES_MAX entries, and $BELONG_UNZIP_MAX_MIB MiB (1 to ZIP_MIB_MAX), else
** ZIP_MIB_DEFAULT. Returns 0, or BELONG_EUSAGE with the reason in err when the variable is set
** to something else. OUT: *lim. */
int zip_limits_get(struct zip_limits *lim, char *err, size_t errlen);

/* Whether the regular file at path is a zip archive: its first bytes say so (a local file
** header, or the end record of an empty archive), or, when they say nothing else, its name ends
** in .zip. Cannot fail. */
bool zip_is_archive(const char *path);

/* A folder zip_unpack made, and the lock it holds on it (flock on the open folder) for as
** long as it is in use: the kernel drops the lock when the process ends, however it ends, and
** a folder whose lock can be taken is one nobody uses (the next zip_unpack removes it). */
struct zip_folder {
    char *path;  /* heap */
    int lock_fd; /* the open folder, locked; -1 when none */
};

/* A test's hook: when this variable is set, zip_unpack stops its process (SIGSTOP) once the
** archive is unpacked, its folder locked, so that a test can run a second import meanwhile. */
#define ZIP_TEST_STOP_ENV "BELONG_TEST_STOP_UNPACKED"

/* Unpacks the zip archive at path into a new folder only its owner can open (mkdtemp, under
** $TMPDIR, else /tmp: belong-zip-PID-XXXXXX), locked for as long as it is in use, checking
** every entry against lim first. Folders left there by a belong that was killed while it
** unpacked or read one (their lock is free: no PID is trusted, as PID namespaces may share
** /tmp) are removed first. label names the archive in messages ("LABEL: entry 'NAME': why").
** Returns 0 with *dir (give it to zip_remove); BELONG_EDATA when the archive is refused (not a
** zip, corrupt or cut short, an entry refused, over a limit); BELONG_EIO when the folder cannot
** be made or written; the reason in err, and on failure no folder is left. OUT: *dir. */
int zip_unpack(const char *path, const char *label, const struct zip_limits *lim,
               struct zip_folder *dir, char *err, size_t errlen);

/* The package in dir, a folder zip_unpack made: dir itself when it holds a datapackage.json or
** services.csv, else its one top-level folder when it has one (the common case: an export
** zipped with its folder); in either, a lone file stands for the package (a .json export).
** Files the system that zipped it adds (__MACOSX/, names starting with '.') are not counted.
** Returns 0 with *package (heap: a path under dir, the caller frees it); BELONG_EDATA when no
** package is found there, or when the lone file is itself a zip (one level is read), the reason
** in err naming label and the entry. OUT: *package. */
int zip_package(const char *dir, const char *label, char **package, char *err, size_t errlen);

/* Removes dir's folder (made by zip_unpack) and everything under it, then drops its lock and
** frees it; *dir is left empty. An empty one is allowed. Cannot fail: what cannot be removed is
** left, and said on stderr. */
void zip_remove(struct zip_folder *dir);

#endif
