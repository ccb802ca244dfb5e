/* demo_login.c — the demo's web login: made once by `belong demo` through the accounts
** operation (app_user_add), its password drawn at random and returned to be printed once.
*/
#include "demo_login.h"

#include <sodium.h>
#include <string.h>

#include "../app/app_accounts.h"

/* Letters and digits without look-alikes (0/O, 1/l/I). */
static const char password_alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

int demo_login_ensure(struct app *app, char password[DEMO_LOGIN_PASSWORD_LEN + 1], bool *created,
                      struct app_error *err)
{
    *created = false;
    password[0] = '\0';
    bool exists = false;
    int rc = app_user_exists(app, DEMO_LOGIN_USER, &exists, err);
    if (rc != BELONG_OK || exists)
        return rc; /* made by an earlier run (or by hand): its password was shown then */
    if (sodium_init() < 0)
        return app_fail(err, BELONG_EINTERNAL, NULL, "libsodium cannot start");
    const uint32_t n = (uint32_t)(sizeof password_alphabet - 1);
    for (int i = 0; i < DEMO_LOGIN_PASSWORD_LEN; i++)
        password[i] = password_alphabet[randombytes_uniform(n)];
    password[DEMO_LOGIN_PASSWORD_LEN] = '\0';
    rc = app_user_add(app, DEMO_LOGIN_USER, APP_ROLE_CPS, NULL, password, err);
    if (rc != BELONG_OK) {
        sodium_memzero(password, DEMO_LOGIN_PASSWORD_LEN + 1);
        /* Another `belong demo` made it meanwhile: it printed the password. */
        struct app_error again;
        if (rc == BELONG_EDATA && app_user_exists(app, DEMO_LOGIN_USER, &exists, &again) == 0 &&
            exists)
            return BELONG_OK;
        return rc;
    }
    *created = true;
    return BELONG_OK;
}
