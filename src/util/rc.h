/* rc.h — belong's one error convention.
**
** Every fallible function returns an int: 0 (BELONG_OK) on success, otherwise one of the
** codes below, which are the sysexits.h statuses the command line exits with. Details of
** what went wrong travel separately, in a struct diag (util/diag.h) or on stderr.
*/
#ifndef BELONG_RC_H
#define BELONG_RC_H

enum belong_rc {
    BELONG_OK = 0,
    BELONG_EUSAGE = 64,    /* EX_USAGE: the command was called wrongly */
    BELONG_EDATA = 65,     /* EX_DATAERR: input data is invalid */
    BELONG_ENOINPUT = 66,  /* EX_NOINPUT: an input file or record does not exist */
    BELONG_EINTERNAL = 70, /* EX_SOFTWARE: a bug or an unexpected library failure */
    BELONG_EIO = 74,       /* EX_IOERR: reading or writing failed */
    BELONG_EBUSY = 75,     /* EX_TEMPFAIL: the database stayed locked by another writer; retry */
    BELONG_ENOPERM = 77,   /* EX_NOPERM: refused: a failed login, an ended session, no right */
};

#endif
