/* privfile.c — atomic, owner-only file writes (see privfile.h). */
#include "privfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "rc.h"

/* Opens a new temporary file beside path (OUT: tmp, its name, the caller frees it) after
** refusing a read-only file at path. Returns the descriptor, or -1 with the reason in err. */
static int open_beside(const char *path, struct buf *tmp, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && !(st.st_mode & S_IWUSR)) {
        snprintf(err, errlen, "%s: read-only file (mode %04o): not replaced", path,
                 (unsigned)(st.st_mode & 07777));
        return -1;
    }
    buf_printf(tmp, "%s.XXXXXX", path);
    int fd = mkstemp(tmp->data); /* mode 0600 */
    if (fd < 0)
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
    return fd;
}

int private_file_check(const char *path, char *err, size_t errlen)
{
    struct buf tmp = {0};
    int fd = open_beside(path, &tmp, err, errlen);
    if (fd >= 0) {
        close(fd);
        unlink(tmp.data);
    }
    buf_free(&tmp);
    return fd >= 0 ? BELONG_OK : BELONG_EIO;
}

int write_private_file(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
    struct buf tmp = {0};
    int rc = BELONG_OK;
    int fd = open_beside(path, &tmp, err, errlen);
    if (fd < 0) {
        buf_free(&tmp);
        return BELONG_EIO;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    if (done < len || fchmod(fd, 0600) != 0 || fsync(fd) != 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        rc = BELONG_EIO;
    }
    if (close(fd) != 0 && rc == BELONG_OK) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        rc = BELONG_EIO;
    }
    if (rc == BELONG_OK && rename(tmp.data, path) != 0) {
        snprintf(err, errlen, "%s: cannot replace: %s", path, strerror(errno));
        rc = BELONG_EIO;
    }
    if (rc != BELONG_OK)
        unlink(tmp.data);
    buf_free(&tmp);
    return rc;
}
