/* user.c — `belong user add|passwd|disable|list|token`: user accounts, through the operations
** of app/app_accounts.h. Passwords are asked for at the terminal without echo, or read from
** stdin (one line), never taken from the command line.
*/
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_accounts.h"
#include "cli.h"

static const char user_help[] =
    "usage: belong user add NAME --role cps|supervisor|admin [--supervisor NAME] [--cps NAME]\n"
    "       belong user passwd NAME [--cps NAME]\n"
    "       belong user disable NAME [--cps NAME]\n"
    "       belong user list [--json] [--cps NAME]\n"
    "       belong user token NAME [--cps NAME]\n\n"
    "User accounts for the web interface and the API (docs/privacy.md). A user's NAME is their\n"
    "caseload handle (what --cps and $BELONG_CPS name). Roles: a cps holds their own caseload;\n"
    "a supervisor reads their team's caseloads (a CPS joins a team with --supervisor) and the\n"
    "team's audit trail; an admin manages accounts and reads the whole audit trail, but no\n"
    "peer record that is not theirs.\n\n"
    "  user add NAME       adds an account; the password is asked for twice at a terminal\n"
    "                      (not shown), or read as one line from stdin\n"
    "  user passwd NAME    sets a new password (an admin, or the user themself); ends the\n"
    "                      user's sessions\n"
    "  user disable NAME   the user can no longer log in; their sessions end\n"
    "  user list           every account: name, role, supervisor, disabled\n"
    "  user token NAME     prints a new API token for NAME, once (only its hash is kept); it\n"
    "                      replaces the user's previous token\n\n"
    "Only an admin (the acting handle: --cps NAME, else $BELONG_CPS, else the login name) may\n"
    "manage accounts, except the very first ones, made while no admin exists. A password has\n"
    "at least 12 characters; it is stored only as its Argon2id hash. Refused: exit 77 (not an\n"
    "admin), 65 (bad name, role, supervisor or password, or the name taken), 66 (no such\n"
    "user).\n\n"
    "Options:\n"
    "  --role ROLE           add: cps, supervisor or admin\n"
    "  --supervisor NAME     add: the supervisor whose team the new CPS is in\n"
    "  --cps NAME            the acting handle\n"
    "  --json                list: as a JSON array of {name, role, supervisor, disabled,\n"
    "                        created}\n"
    "  -h, --help            this help\n\n"
    "Examples:\n"
    "  belong user add lee --role admin\n"
    "  printf '%s\\n' \"$PASSWORD\" | belong user add sam --role cps --supervisor pat --cps lee\n"
    "  belong user list --json --cps lee\n";

enum { OPT_ROLE = 1, OPT_SUPERVISOR, OPT_CPS, OPT_JSON };

struct user_args {
    const char *role, *supervisor, *cps, *name;
    bool json;
};

/* Parses sub's options (allowed: the OPT_* bits it takes) and its NAME when needs_name.
** Returns 0, -1 after --help, or a usage status. */
static int parse(const char *cmd, int argc, char **argv, unsigned allowed, bool needs_name,
                 struct user_args *a)
{
    static const struct option opts[] = {
        {"role", required_argument, NULL, OPT_ROLE},
        {"supervisor", required_argument, NULL, OPT_SUPERVISOR},
        {"cps", required_argument, NULL, OPT_CPS},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'h') {
            fputs(user_help, stdout);
            return -1;
        }
        if (c == '?' || c == ':')
            return cli_bad_option(cmd, c, argc, argv);
        if (!(allowed & (1u << c)))
            return cli_usage_error(cmd, "%s does not take %s", cmd, argv[optind - 1]);
        if (c == OPT_ROLE)
            a->role = optarg;
        else if (c == OPT_SUPERVISOR)
            a->supervisor = optarg;
        else if (c == OPT_CPS)
            a->cps = optarg;
        else
            a->json = true;
    }
    if (needs_name) {
        if (optind >= argc)
            return cli_usage_error(cmd, "which user? give NAME");
        a->name = argv[optind++];
    }
    if (optind < argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    return BELONG_OK;
}

/* The new password: asked twice at a terminal, else one line of stdin. Returns a heap string
** (the caller clears and frees it) or NULL with the status in *rc. */
static char *read_password(const char *cmd, const char *name, int *rc)
{
    char question[128];
    snprintf(question, sizeof question, "New password for %s (12 characters or more): ", name);
    char *pw = cli_prompt_secret(question);
    if (!pw) {
        *rc = cli_error(BELONG_EDATA, cmd, "no password given (on the terminal or stdin)");
        return NULL;
    }
    const char *problem = app_password_problem(pw);
    if (!problem && cli_interactive()) {
        char *again = cli_prompt_secret("The same password again: ");
        if (!again || strcmp(again, pw) != 0)
            problem = "the two passwords differ";
        if (again) {
            sodium_memzero(again, strlen(again));
            free(again);
        }
    }
    if (problem) {
        sodium_memzero(pw, strlen(pw));
        free(pw);
        *rc = cli_error(BELONG_EDATA, cmd, "password: %s", problem);
        return NULL;
    }
    return pw;
}

/* Parses, sets the acting handle and opens the database. Returns the context or NULL (*rc:
** the status; 0 after --help). */
static struct app *start(struct cli *cli, const char *cmd, int argc, char **argv, unsigned allowed,
                         bool needs_name, struct user_args *a, int *rc)
{
    *rc = parse(cmd, argc, argv, allowed | 1u << OPT_CPS, needs_name, a);
    if (*rc) {
        if (*rc < 0)
            *rc = BELONG_OK;
        return NULL;
    }
    if ((*rc = cli_acting_cps(cli, cmd, a->cps)) != BELONG_OK)
        return NULL;
    /* The first account may be made before anything else: add may create the database. */
    return cli_open(cli, strcmp(cmd, "user add") == 0 ? APP_CREATE : APP_WRITE, rc);
}

/* add and passwd: a password read, then the operation. */
static int user_password_cmd(struct cli *cli, int argc, char **argv, bool adding)
{
    const char *cmd = adding ? "user add" : "user passwd";
    struct user_args a;
    int rc;
    unsigned allowed = adding ? 1u << OPT_ROLE | 1u << OPT_SUPERVISOR : 0;
    if (adding) { /* a usage error comes before the database is opened or a password asked */
        if ((rc = parse(cmd, argc, argv, allowed | 1u << OPT_CPS, true, &a)))
            return rc < 0 ? BELONG_OK : rc;
        enum app_role role;
        if (!a.role)
            return cli_usage_error(cmd, "--role: which role? cps, supervisor or admin");
        if (!app_role_parse(a.role, &role))
            return cli_usage_error(cmd, "--role: '%s' is not a role (cps, supervisor, admin)",
                                   a.role);
    }
    struct app *app = start(cli, cmd, argc, argv, allowed, true, &a, &rc);
    if (!app)
        return rc;
    char *pw = read_password(cmd, a.name, &rc);
    if (!pw)
        return rc;
    struct app_error err;
    enum app_role role = APP_ROLE_CPS;
    if (adding)
        app_role_parse(a.role, &role);
    rc = adding ? app_user_add(app, a.name, role, a.supervisor, pw, &err)
                : app_user_passwd(app, a.name, pw, &err);
    sodium_memzero(pw, strlen(pw));
    free(pw);
    if (rc != BELONG_OK)
        return cli_fail(cmd, &err);
    printf(adding ? "added user %s (%s)\n" : "password of %s changed\n", a.name,
           adding ? a.role : "");
    return BELONG_OK;
}

static int user_add(struct cli *cli, int argc, char **argv)
{
    return user_password_cmd(cli, argc, argv, true);
}

static int user_passwd(struct cli *cli, int argc, char **argv)
{
    return user_password_cmd(cli, argc, argv, false);
}

static int user_disable(struct cli *cli, int argc, char **argv)
{
    struct user_args a;
    int rc;
    struct app *app = start(cli, "user disable", argc, argv, 0, true, &a, &rc);
    if (!app)
        return rc;
    struct app_error err;
    if ((rc = app_user_disable(app, a.name, &err)) != BELONG_OK)
        return cli_fail("user disable", &err);
    printf("disabled user %s\n", a.name);
    return BELONG_OK;
}

static int user_token(struct cli *cli, int argc, char **argv)
{
    struct user_args a;
    int rc;
    struct app *app = start(cli, "user token", argc, argv, 0, true, &a, &rc);
    if (!app)
        return rc;
    struct app_error err;
    char token[APP_TOKEN_HEX + 1];
    if ((rc = app_user_token(app, a.name, token, &err)) != BELONG_OK)
        return cli_fail("user token", &err);
    puts(token);
    fprintf(stderr, "the API token of %s: shown this once; keep it as you would a password\n",
            a.name);
    sodium_memzero(token, sizeof token);
    return BELONG_OK;
}

static int user_list(struct cli *cli, int argc, char **argv)
{
    struct user_args a;
    int rc;
    struct app *app = start(cli, "user list", argc, argv, 1u << OPT_JSON, false, &a, &rc);
    if (!app)
        return rc;
    struct app_error err;
    struct app_user *users = NULL;
    size_t n = 0;
    if ((rc = app_user_list(app, &users, &n, &err)) != BELONG_OK)
        return cli_fail("user list", &err);
    json_t *arr = a.json ? json_array() : NULL;
    if (!a.json && n)
        printf("%-24s %-11s %-24s %s\n", "NAME", "ROLE", "SUPERVISOR", "STATE");
    for (size_t i = 0; i < n; i++) {
        const struct app_user *u = &users[i];
        if (a.json) {
            json_t *o = json_pack("{s:s, s:s, s:s?, s:b, s:I}", "name", u->name, "role",
                                  app_role_name(u->role), "supervisor",
                                  u->supervisor[0] ? u->supervisor : NULL, "disabled", u->disabled,
                                  "created", (json_int_t)u->created_at);
            json_array_append_new(arr, o);
        } else {
            printf("%-24s %-11s %-24s %s\n", u->name, app_role_name(u->role),
                   u->supervisor[0] ? u->supervisor : "-", u->disabled ? "disabled" : "active");
        }
    }
    free(users);
    if (a.json)
        return cli_print_json(arr);
    if (!n)
        fputs("no user accounts yet\n", stderr);
    return BELONG_OK;
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(struct cli *cli, int argc, char **argv);
    } subcommands[] = {
        {"add", user_add},   {"passwd", user_passwd}, {"disable", user_disable},
        {"list", user_list}, {"token", user_token},
    };
    for (size_t i = 0; argc >= 2 && i < sizeof subcommands / sizeof *subcommands; i++)
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(cli, argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(user_help, stdout);
        return BELONG_OK;
    }
    fputs(user_help, stderr);
    return BELONG_EUSAGE;
}
