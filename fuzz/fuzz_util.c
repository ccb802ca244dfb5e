/* fuzz_util.c — scratch files and input splitting for the harnesses (fuzz_util.h). */
#include "fuzz_util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char scratch[256];

static void remove_scratch(void)
{
    char cmd[300];
    if (!scratch[0] || strncmp(scratch, "/", 1) != 0)
        return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", scratch);
}

const char *fuzz_scratch_dir(void)
{
    if (scratch[0])
        return scratch;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/belong-fuzz.XXXXXX", base ? base : "/tmp");
    if (!mkdtemp(scratch)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(remove_scratch);
    return scratch;
}

void fuzz_write_file(const char *name, const uint8_t *bytes, size_t len, char *path,
                     size_t path_len)
{
    snprintf(path, path_len, "%s/%s", fuzz_scratch_dir(), name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror("fuzz: open");
        abort();
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, bytes + done, len - done);
        if (n <= 0) {
            perror("fuzz: write");
            abort();
        }
        done += (size_t)n;
    }
    close(fd);
}

void fuzz_remove_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fuzz_scratch_dir(), name);
    unlink(path);
}

char *fuzz_strndup(const uint8_t *bytes, size_t len)
{
    char *s = malloc(len + 1);
    if (!s)
        abort();
    if (len)
        memcpy(s, bytes, len);
    s[len] = '\0';
    return s;
}

void fuzz_split(const uint8_t *bytes, size_t len, char **parts, size_t max_parts, size_t *n_parts)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len && n < max_parts; i++) {
        if (i == len || (bytes[i] == '\0' && n + 1 < max_parts)) {
            parts[n++] = fuzz_strndup(bytes + start, i - start);
            start = i + 1;
            if (i == len)
                break;
        }
    }
    *n_parts = n;
}

void fuzz_parts_free(char **parts, size_t n_parts)
{
    for (size_t i = 0; i < n_parts; i++)
        free(parts[i]);
}
