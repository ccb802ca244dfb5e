/* stale.h — temporary files and folders a belong may leave behind when it is killed (kill -9,
** a power cut): each is locked (flock) by the process using it for as long as it is in use, so
** that a later belong removes only those whose lock it can take. The kernel drops a lock when
** its holder's last descriptor is closed, however its process ends; no PID is trusted (PID
** namespaces may share a temporary folder). Used by the zip unpack folders (formats/zip.c) and
** the web's uploads (web/upload.c).
*/
#ifndef BELONG_STALE_H
#define BELONG_STALE_H

#include <stdbool.h>

/* Opens the folder (folder true) or regular file at path, not a link, and takes its lock
** without waiting. Returns the descriptor, which holds the lock until it and every dup of it are
** closed; -1 with errno when it cannot be opened or another open of it holds the lock
** (EWOULDBLOCK: a live belong, this process's other threads too, is using it). */
int stale_lock(const char *path, bool folder);

/* Whether the descriptor fd (locked by stale_lock, or made and locked) is still the file at
** path: a sweep by another belong may have taken its lock between making and locking it, and
** removed it. Cannot fail (false when either cannot be looked at). */
bool stale_still_named(int fd, const char *path);

/* Removes what a belong of this user left in dir: the entries whose name starts with prefix,
** folders (folder true) or regular files, owned by this user, whose lock can be taken; each is
** removed by remove_fn (which cannot fail) while the lock is held, so no belong takes it
** meanwhile. Returns how many were removed. Cannot fail (what cannot be looked at is left). */
int stale_sweep(const char *dir, const char *prefix, bool folder, void (*remove_fn)(const char *));

#endif
