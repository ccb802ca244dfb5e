/* prompt.c — asking the person at the terminal for a value, so that personal data typed there
** never appears on a command line (where ps and the shell's history would show it).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../util/buf.h"
#include "cli.h"

bool cli_interactive(void)
{
    return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

char *cli_prompt_line(const char *question)
{
    fputs(question, stderr);
    fflush(stderr);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        fputc('\n', stderr);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return line;
}

char *cli_prompt_secret(const char *question)
{
    struct termios before, quiet;
    bool at_terminal = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &before) == 0;
    if (at_terminal) {
        quiet = before;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        quiet.c_lflag |= ECHONL;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *line = cli_prompt_line(at_terminal ? question : "");
    if (at_terminal)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
    return line;
}
