/* stale.c — the flock-based rule for a temporary file or folder in use, and the sweep of those
** left by a belong that was killed (stale.h). */
#include "stale.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

int stale_lock(const char *path, bool folder)
{
    int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (folder ? O_DIRECTORY : O_NONBLOCK);
    int fd = open(path, flags);
    if (fd < 0)
        return -1;
    struct stat st;
    if (!folder && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

bool stale_still_named(int fd, const char *path)
{
    struct stat held, named;
    return fstat(fd, &held) == 0 && lstat(path, &named) == 0 && held.st_dev == named.st_dev &&
           held.st_ino == named.st_ino;
}

int stale_sweep(const char *dir, const char *prefix, bool folder, void (*remove_fn)(const char *))
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = strlen(prefix);
    int removed = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strncmp(de->d_name, prefix, n) != 0)
            continue;
        struct buf p = {0};
        buf_printf(&p, "%s/%s", dir, de->d_name);
        struct stat st;
        int fd = -1;
        if (lstat(p.data, &st) == 0 && (folder ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)) &&
            st.st_uid == getuid() && (fd = stale_lock(p.data, folder)) >= 0 &&
            stale_still_named(fd, p.data)) {
            remove_fn(p.data); /* the lock held while it goes: no belong takes it meanwhile */
            removed++;
        }
        if (fd >= 0)
            close(fd);
        buf_free(&p);
    }
    closedir(d);
    return removed;
}
