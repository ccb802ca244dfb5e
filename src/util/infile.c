/* infile.c — bounded reading of input files (see infile.h), and limit_text (limits.h). */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "limits.h"
#include "rc.h"

char *limit_text(long n, char *out, size_t outlen)
{
    char digits[32];
    int nd = snprintf(digits, sizeof digits, "%ld", n < 0 ? -n : n);
    size_t o = 0;
    if (n < 0 && o + 1 < outlen)
        out[o++] = '-';
    for (int i = 0; i < nd && o + 1 < outlen; i++) {
        if (i > 0 && (nd - i) % 3 == 0 && o + 2 < outlen)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return out;
}

static const char *kind_of(mode_t mode)
{
    return S_ISDIR(mode)    ? "a folder"
           : S_ISFIFO(mode) ? "a pipe (FIFO)"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISSOCK(mode) ? "a socket"
                            : "not a regular file";
}

int infile_read(const char *path, const char *label, char **out, size_t *len, struct diag *diag)
{
    return infile_read_max(path, label, INPUT_MAX_BYTES, out, len, diag);
}

int infile_open_max(const char *path, const char *label, long max_bytes, int *fd_out,
                    long long *size, struct diag *diag)
{
    *fd_out = -1;
    if (!label)
        label = path;
    /* O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        diag_add(diag, label, 0, NULL, "cannot open: %s", strerror(e));
        return e == ENOENT || e == ENOTDIR ? BELONG_ENOINPUT : BELONG_EIO;
    }
    struct stat st;
    int rc = BELONG_OK;
    char limit[32];
    limit_text(max_bytes, limit, sizeof limit);
    if (fstat(fd, &st) != 0) {
        diag_add(diag, label, 0, NULL, "cannot read: %s", strerror(errno));
        rc = BELONG_EIO;
    } else if (!S_ISREG(st.st_mode)) {
        diag_add(diag, label, 0, NULL, "%s, not a file: belong reads regular files only",
                 kind_of(st.st_mode));
        rc = BELONG_EDATA;
    } else if (st.st_size > max_bytes) {
        diag_add(diag, label, 0, NULL, "%lld bytes, larger than the %s-byte limit for one file",
                 (long long)st.st_size, limit);
        rc = BELONG_EDATA;
    }
    if (rc != BELONG_OK) {
        close(fd);
        return rc;
    }
    *fd_out = fd;
    *size = (long long)st.st_size;
    return BELONG_OK;
}

ssize_t infile_read_some(int fd, const char *label, char *to, size_t n, struct diag *diag)
{
    for (;;) {
        ssize_t got = read(fd, to, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            diag_add(diag, label, 0, NULL, "cannot read: %s", strerror(errno));
        return got;
    }
}

void infile_too_large(const char *label, long max_bytes, struct diag *diag)
{
    char limit[32];
    diag_add(diag, label, 0, NULL, "larger than the %s-byte limit for one file",
             limit_text(max_bytes, limit, sizeof limit));
}

int infile_read_max(const char *path, const char *label, long max_bytes, char **out, size_t *len,
                    struct diag *diag)
{
    *out = NULL;
    *len = 0;
    if (!label)
        label = path;
    int fd;
    long long size;
    int rc = infile_open_max(path, label, max_bytes, &fd, &size, diag);
    if (rc != BELONG_OK)
        return rc;
    /* The file may grow while it is read: read at most one byte past the limit to tell. */
    size_t cap = (size_t)size + 1, n = 0;
    char *data = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > (size_t)max_bytes)
                break;
            cap = cap * 2 > (size_t)max_bytes + 1 ? (size_t)max_bytes + 1 : cap * 2;
            data = xrealloc(data, cap + 1);
        }
        ssize_t got = infile_read_some(fd, label, data + n, cap - n, diag);
        if (got < 0) {
            rc = BELONG_EIO;
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (rc == BELONG_OK && n > (size_t)max_bytes) {
        infile_too_large(label, max_bytes, diag);
        rc = BELONG_EDATA;
    }
    if (rc != BELONG_OK) {
        free(data);
        return rc;
    }
    data[n] = '\0';
    *out = data;
    *len = n;
    return BELONG_OK;
}

size_t infile_bom(const char *data, size_t len)
{
    return len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}
