/* demo_login.h — the demo's web login (demo_login.c): the user `demo`, a CPS who owns the demo
** caseload, with a password generated on first run and shown once. No default password.
*/
#ifndef BELONG_DEMO_LOGIN_H
#define BELONG_DEMO_LOGIN_H

#include <stdbool.h>

#include "../app/app.h"

#define DEMO_LOGIN_USER         "demo" /* = the demo caseload's handle (demo_peers.c) */
#define DEMO_LOGIN_PASSWORD_LEN 20     /* characters of the generated password */

/* Makes the demo login when there is none: user DEMO_LOGIN_USER, role cps, with a password of
** DEMO_LOGIN_PASSWORD_LEN characters drawn by libsodium's random generator from letters and
** digits that cannot be mistaken for one another (about 115 bits). OUT: *created; when created,
** password holds it (the caller shows it once and clears it; only its Argon2id hash is kept).
** An existing user of that name is left as it is (*created false, password ""). Returns 0 or a
** status with err (BELONG_ENOPERM when the database has admins and the acting handle is none). */
int demo_login_ensure(struct app *app, char password[DEMO_LOGIN_PASSWORD_LEN + 1], bool *created,
                      struct app_error *err);

#endif
