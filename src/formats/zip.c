/* zip.c — a zipped export unpacked into a private temporary folder with libarchive, every entry
** checked first, and the package found in it (zip.h).
*/
#define _XOPEN_SOURCE 700 /* nftw */
#include "zip.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/number.h"
#include "../util/rc.h"
#include "../util/stale.h"
#include "../util/text.h"
#include "format.h"

static void remove_tree(const char *dir);

int zip_limits_get(struct zip_limits *lim, char *err, size_t errlen)
{
    lim->entries = ZIP_ENTRIES_MAX;
    lim->bytes = (unsigned long long)ZIP_MIB_DEFAULT << 20;
    const char *s = getenv(ZIP_MIB_ENV);
    long mib;
    if (!s || !*s)
        return BELONG_OK;
    if (!parse_whole(s, 1, ZIP_MIB_MAX, &mib)) {
        snprintf(err, errlen, "%s: '%.40s' is not a number of MiB from 1 to %d", ZIP_MIB_ENV, s,
                 ZIP_MIB_MAX);
        return BELONG_EUSAGE;
    }
    lim->bytes = (unsigned long long)mib << 20;
    return BELONG_OK;
}

bool zip_is_archive(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    unsigned char head[4] = {0};
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(head, 1, sizeof head, f) : 0;
    if (f)
        fclose(f);
    if (n == 4 && head[0] == 'P' && head[1] == 'K' &&
        ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6)))
        return true;
    /* A file named .zip that does not start like one is read as a zip, to be refused as one
    ** ("not a zip archive") unless its first bytes say it is something else. */
    return format_name_ends(path, ".zip") && (n == 0 || (head[0] != '{' && head[0] != '['));
}

/* Why an entry's name is refused, or NULL: it must be text, relative, and stay inside. */
static const char *name_problem(const char *name)
{
    if (!name || !*name)
        return "has no name";
    if (text_problem(name, 1024, false))
        return "has a name that is not printable UTF-8 text";
    bool drive = ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) &&
                 name[1] == ':';
    if (name[0] == '/' || name[0] == '\\' || drive)
        return "has an absolute path: entries must be relative to the archive";
    for (const char *s = name; *s;) {
        size_t n = strcspn(s, "/\\");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return "has '..' in its path: entries must stay inside the archive";
        s += n;
        if (*s)
            s++;
    }
    return NULL;
}

/* Why an entry's kind is refused, or NULL: only files and folders are unpacked. */
static const char *kind_problem(struct archive_entry *e)
{
    if (archive_entry_hardlink(e))
        return "is a hard link: only files and folders are unpacked";
    switch (archive_entry_filetype(e)) {
    case AE_IFREG:
    case AE_IFDIR:
        break;
    case AE_IFLNK:
        return "is a symbolic link: only files and folders are unpacked";
    default:
        return "is a device or special file: only files and folders are unpacked";
    }
    if (archive_entry_is_encrypted(e))
        return "is encrypted: belong reads unencrypted archives only";
    return NULL;
}

/* The entries unpacked so far, by their names made plain ("./a//b/" is "a/b"), to refuse a
** second entry of one name (libarchive's writer would silently keep the last: which file is
** meant cannot be told) and a file with the name of a folder. Owns its names. */
struct seen {
    char **names;
    bool *folder;
    size_t n, cap;
};

/* name with its "." and empty parts left out (heap). */
static char *plain_name(const char *name)
{
    struct buf b = {0};
    for (const char *s = name; *s;) {
        size_t n = strcspn(s, "/");
        if (n && !(n == 1 && s[0] == '.')) {
            if (b.len)
                buf_putc(&b, '/');
            buf_append(&b, s, n);
        }
        s += n;
        if (*s)
            s++;
    }
    return buf_detach(&b);
}

/* Whether a is a folder above b: b starts with a and a '/'. */
static bool folder_above(const char *a, const char *b)
{
    size_t k = strlen(a);
    return k && strncmp(a, b, k) == 0 && b[k] == '/';
}

/* Records entry name (a folder or a file) in s. Returns 0; or 1 when an earlier entry has its
** name, 2 when one is a file and the other a folder under it, with the earlier entry's plain
** name in *other (owned by s). Two folder entries of one name are allowed. */
static int seen_add(struct seen *s, const char *name, bool folder, const char **other)
{
    char *plain = plain_name(name);
    int clash = 0;
    for (size_t i = 0; i < s->n && !clash; i++) {
        const char *o = s->names[i];
        if (strcmp(o, plain) == 0 && !(folder && s->folder[i]))
            clash = 1;
        else if ((!s->folder[i] && folder_above(o, plain)) || (!folder && folder_above(plain, o)))
            clash = 2;
        if (clash)
            *other = o;
    }
    if (clash || !*plain) {
        free(plain);
        return clash;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->names = xrealloc(s->names, s->cap * sizeof *s->names);
        s->folder = xrealloc(s->folder, s->cap * sizeof *s->folder);
    }
    s->names[s->n] = plain;
    s->folder[s->n++] = folder;
    return 0;
}

static void seen_free(struct seen *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->names[i]);
    free(s->names);
    free(s->folder);
}

/* The disk writer's last error, without the temporary folder's path: entries are named as they
** are in the archive. OUT: msg (n bytes). Cannot fail. */
static void writer_error(struct archive *out, const char *dir, char *msg, size_t n)
{
    const char *s = archive_error_string(out);
    size_t k = strlen(dir), used = 0;
    for (s = s ? s : "unknown error"; *s && used + 1 < n;) {
        if (strncmp(s, dir, k) == 0 && s[k] == '/')
            s += k + 1;
        else
            msg[used++] = *s++;
    }
    msg[used] = '\0';
}

/* Copies the data of entry e to the disk writer, counting the bytes produced against what the
** entry declares and against the limit. Returns 0, or the status with err set. */
static int copy_data(struct archive *in, struct archive *out, struct archive_entry *e,
                     const char *dir, const char *label, const char *name,
                     const struct zip_limits *lim, unsigned long long *total, char *err,
                     size_t errlen)
{
    bool declared = archive_entry_size_is_set(e);
    unsigned long long size_declared = declared ? (unsigned long long)archive_entry_size(e) : 0;
    unsigned long long produced = 0;
    if (declared && size_declared > lim->bytes - *total) {
        snprintf(err, errlen,
                 "%s: entry '%s': the archive unpacks to more than %llu MiB (the limit; %s sets "
                 "it)",
                 label, name, lim->bytes >> 20, ZIP_MIB_ENV);
        return BELONG_EDATA;
    }
    for (;;) {
        const void *block;
        size_t size;
        la_int64_t offset;
        int r = archive_read_data_block(in, &block, &size, &offset);
        if (r == ARCHIVE_EOF)
            return BELONG_OK;
        if (r < ARCHIVE_OK) {
            snprintf(err, errlen,
                     "%s: entry '%s' cannot be unpacked (the archive is corrupt or cut short): "
                     "%s",
                     label, name, archive_error_string(in));
            return BELONG_EDATA;
        }
        produced += size;
        if (declared && produced > size_declared) {
            snprintf(err, errlen,
                     "%s: entry '%s' unpacks to more than the %llu bytes it declares (a zip "
                     "bomb, or a corrupt archive)",
                     label, name, size_declared);
            return BELONG_EDATA;
        }
        *total += size;
        if (*total > lim->bytes) {
            snprintf(err, errlen,
                     "%s: entry '%s': the archive unpacks to more than %llu MiB (the limit; "
                     "%s sets it)",
                     label, name, lim->bytes >> 20, ZIP_MIB_ENV);
            return BELONG_EDATA;
        }
        if (archive_write_data_block(out, block, size, offset) < ARCHIVE_OK) {
            char why[256];
            writer_error(out, dir, why, sizeof why);
            snprintf(err, errlen, "%s: entry '%s': cannot write it to a temporary folder: %s",
                     label, name, why);
            return BELONG_EIO;
        }
    }
}

/* Unpacks every entry of the open archive in into dir. Returns as zip_unpack. */
static int unpack_entries(struct archive *in, struct archive *out, const char *dir,
                          const char *label, const struct zip_limits *lim, char *err, size_t errlen)
{
    unsigned long long total = 0;
    long entries = 0;
    struct buf target = {0};
    int rc = BELONG_OK;
    struct archive_entry *e;
    char *name = NULL; /* the entry's name: a copy, as the entry's own is replaced below */
    char why_out[256];
    struct seen seen = {0};
    int r;
    while (rc == BELONG_OK && (r = archive_read_next_header(in, &e)) != ARCHIVE_EOF) {
        if (r < ARCHIVE_WARN) {
            if (entries == 0)
                snprintf(err, errlen,
                         "%s: not a zip archive, or one that is corrupt or cut short: %s", label,
                         archive_error_string(in));
            else
                snprintf(err, errlen,
                         "%s: corrupt or cut short after %ld entries (download it again): %s",
                         label, entries, archive_error_string(in));
            rc = BELONG_EDATA;
            break;
        }
        free(name);
        name = xstrdup(archive_entry_pathname_utf8(e) ? archive_entry_pathname_utf8(e)
                                                      : archive_entry_pathname(e));
        const char *why = name_problem(name);
        if (why) {
            /* The name itself may be what is wrong: shown with its bytes made visible. */
            struct buf shown = {0};
            for (const char *s = name ? name : ""; *s && shown.len < 200; s++)
                if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7F)
                    buf_printf(&shown, "\\x%02X", (unsigned char)*s);
                else
                    buf_putc(&shown, *s);
            snprintf(err, errlen, "%s: entry '%s' %s", label, buf_str(&shown), why);
            buf_free(&shown);
            rc = BELONG_EDATA;
            break;
        }
        if (++entries > lim->entries) {
            snprintf(err, errlen,
                     "%s: entry '%s': more than %ld entries (an HSDS package has a few dozen "
                     "files)",
                     label, name, lim->entries);
            rc = BELONG_EDATA;
            break;
        }
        why = kind_problem(e);
        if (why) {
            snprintf(err, errlen, "%s: entry '%s' %s", label, name, why);
            rc = BELONG_EDATA;
            break;
        }
        bool folder = archive_entry_filetype(e) == AE_IFDIR;
        const char *other = NULL;
        int clash = seen_add(&seen, name, folder, &other);
        if (clash) {
            snprintf(err, errlen,
                     clash == 1 ? "%s: entry '%s' has the same name as an earlier entry '%s': "
                                  "an archive with two entries of one name is refused (which "
                                  "is meant cannot be told)"
                                : "%s: entry '%s': a file and a folder of the same name ('%s' "
                                  "before it): refused",
                     label, name, other);
            rc = BELONG_EDATA;
            break;
        }
        buf_reset(&target);
        buf_printf(&target, "%s/%s", dir, name);
        archive_entry_copy_pathname(e, buf_str(&target));
        archive_entry_set_perm(e, folder ? 0700 : 0600);
        r = archive_write_header(out, e);
        if (r < ARCHIVE_OK) {
            writer_error(out, dir, why_out, sizeof why_out);
            snprintf(err, errlen, "%s: entry '%s' cannot be unpacked: %s", label, name, why_out);
            rc = BELONG_EDATA; /* e.g. a file where a folder of the same name was */
            break;
        }
        if (!folder)
            rc = copy_data(in, out, e, dir, label, name, lim, &total, err, errlen);
        if (rc == BELONG_OK && archive_write_finish_entry(out) < ARCHIVE_OK) {
            writer_error(out, dir, why_out, sizeof why_out);
            snprintf(err, errlen, "%s: entry '%s': cannot write it to a temporary folder: %s",
                     label, name, why_out);
            rc = BELONG_EIO;
        }
    }
    free(name);
    seen_free(&seen);
    buf_free(&target);
    return rc;
}

/* Makes the private folder tmp/belong-zip-PID-XXXXXX (mkdtemp: 0700) and takes its lock. A
** sweep by another belong may take a new folder's lock between the two and remove it: the
** folder locked is then no longer the one at its path, and another is made. Returns the folder
** (heap) with *lock_fd, or NULL with errno. */
static char *folder_make(const char *tmp, int *lock_fd)
{
    for (int tries = 0; tries < 8; tries++) {
        struct buf folder = {0};
        buf_printf(&folder, "%s/" ZIP_FOLDER_PREFIX "%ld-XXXXXX", tmp, (long)getpid());
        if (!mkdtemp(folder.data)) {
            int e = errno;
            buf_free(&folder);
            errno = e;
            return NULL;
        }
        int fd = stale_lock(folder.data, true);
        if (fd >= 0 && stale_still_named(fd, folder.data)) {
            *lock_fd = fd;
            return buf_detach(&folder);
        }
        if (fd >= 0)
            close(fd);
        buf_free(&folder); /* swept meanwhile (or being swept: its sweeper removes it) */
    }
    errno = EAGAIN;
    return NULL;
}

int zip_unpack(const char *path, const char *label, const struct zip_limits *lim,
               struct zip_folder *dir, char *err, size_t errlen)
{
    *dir = (struct zip_folder){NULL, -1};
    const char *tmp = getenv("TMPDIR");
    tmp = tmp && *tmp ? tmp : "/tmp";
    /* Folders a belong killed while it unpacked or read one left: their lock is free. */
    stale_sweep(tmp, ZIP_FOLDER_PREFIX, true, remove_tree);
    int lock_fd = -1;
    char *made = folder_make(tmp, &lock_fd);
    if (!made) {
        snprintf(err, errlen, "%s: cannot make a temporary folder to unpack it in (in %s): %s",
                 label, tmp, strerror(errno));
        return BELONG_EIO;
    }
    struct zip_folder folder = {made, lock_fd};
    struct archive *in = archive_read_new();
    struct archive *out = archive_write_disk_new();
    if (!in || !out) {
        snprintf(err, errlen, "%s: out of memory", label);
        archive_read_free(in);
        archive_write_free(out);
        zip_remove(&folder);
        return BELONG_EIO;
    }
    archive_read_support_format_zip(in); /* zip only: no other format or filter is read */
    /* Defence in depth: the names were checked already (each is written under the absolute
    ** path of the new folder); owners, times, ACLs are not kept. */
    archive_write_disk_set_options(out, ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                                            ARCHIVE_EXTRACT_SECURE_NODOTDOT);
    int rc;
    if (archive_read_open_filename(in, path, 65536) != ARCHIVE_OK) {
        int e = archive_errno(in);
        snprintf(err, errlen, "%s: cannot be read as a zip archive: %s", label,
                 archive_error_string(in));
        rc = e == ENOENT || e == EACCES || e == EIO ? BELONG_EIO : BELONG_EDATA;
    } else {
        rc = unpack_entries(in, out, folder.path, label, lim, err, errlen);
    }
    archive_read_free(in);
    if (archive_write_free(out) != ARCHIVE_OK && rc == BELONG_OK) {
        snprintf(err, errlen, "%s: cannot finish unpacking it", label);
        rc = BELONG_EIO;
    }
    if (rc != BELONG_OK) {
        zip_remove(&folder);
        return rc;
    }
    const char *stop = getenv(ZIP_TEST_STOP_ENV);
    if (stop && *stop)
        raise(SIGSTOP); /* a test's hook: a live import that holds its folder (zip.h) */
    *dir = folder;
    return BELONG_OK;
}

/* What a folder of the archive holds, system files aside. */
struct listing {
    int entries;
    bool has_package; /* datapackage.json or services.csv */
    char *lone;       /* the name of its one entry, when it has one (heap) */
    bool lone_folder;
};

static void list_folder(const char *path, struct listing *l)
{
    memset(l, 0, sizeof *l);
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *n = de->d_name;
        if (n[0] == '.' || strcmp(n, "__MACOSX") == 0)
            continue;
        struct buf p = {0};
        buf_printf(&p, "%s/%s", path, n);
        struct stat st;
        bool ok = lstat(p.data, &st) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode));
        buf_free(&p);
        if (!ok)
            continue;
        if (S_ISREG(st.st_mode) &&
            (strcmp(n, "datapackage.json") == 0 || strcmp(n, "services.csv") == 0))
            l->has_package = true;
        if (++l->entries == 1) {
            l->lone = xstrdup(n);
            l->lone_folder = S_ISDIR(st.st_mode);
        }
    }
    closedir(d);
    if (l->entries != 1) {
        free(l->lone);
        l->lone = NULL;
    }
}

/* The package in folder path: itself, or its lone file. NULL when neither. */
static char *package_in(const char *path, const struct listing *l)
{
    struct buf p = {0};
    if (l->has_package)
        buf_puts(&p, path);
    else if (l->lone && !l->lone_folder)
        buf_printf(&p, "%s/%s", path, l->lone);
    return p.len ? buf_detach(&p) : NULL;
}

int zip_package(const char *dir, const char *label, char **package, char *err, size_t errlen)
{
    struct listing top, inner = {0};
    list_folder(dir, &top);
    *package = package_in(dir, &top);
    if (!*package && top.lone && top.lone_folder) {
        struct buf sub = {0};
        buf_printf(&sub, "%s/%s", dir, top.lone);
        list_folder(sub.data, &inner);
        *package = package_in(sub.data, &inner);
        buf_free(&sub);
    }
    free(top.lone);
    free(inner.lone);
    if (*package && zip_is_archive(*package)) {
        /* One level is read: an archive in the archive would need its own checks and limits,
        ** and a package published so is a mistake its publisher can mend. */
        snprintf(err, errlen,
                 "%s: entry '%s' is a zip inside the zip: unpack it first and import the inner "
                 "zip (belong reads one level of archive)",
                 label, *package + strlen(dir) + 1);
        free(*package);
        *package = NULL;
        return BELONG_EDATA;
    }
    if (*package)
        return BELONG_OK;
    snprintf(err, errlen,
             "%s: no package in it: expected a datapackage.json or services.csv (or a lone "
             ".json file) at its top or in its one folder; %s",
             label, top.entries ? "it holds other files" : "it is empty");
    return BELONG_EDATA;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    if (remove(path) != 0)
        fprintf(stderr, "belong: cannot remove the temporary %s: %s\n", path, strerror(errno));
    return 0; /* on with the rest */
}

/* Removes the folder at dir and everything under it. Cannot fail (as zip_remove). */
static void remove_tree(const char *dir)
{
    /* Depth first, links not followed (there are none: none is unpacked). */
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

void zip_remove(struct zip_folder *dir)
{
    if (!dir->path)
        return;
    remove_tree(dir->path);
    if (dir->lock_fd >= 0)
        close(dir->lock_fd); /* after the removal: no sweep takes it half removed */
    free(dir->path);
    *dir = (struct zip_folder){NULL, -1};
}
