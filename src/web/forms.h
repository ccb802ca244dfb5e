/* forms.h — what the web's peer forms share (forms.c): the fields of a POST body by name, the
** problems of a refused form tied to their controls (aria-invalid, aria-describedby, the
** message beside the field and in a summary), labelled controls that show what was typed, the
** form's start with its CSRF field, a failure answered, and a peer read for their pages. The
** server reads the body and checks the CSRF field before a handler runs (auth.c). Every page of
*peer_forms.c, measure_forms.c,
** record_forms.c and report_pages.c is written with these and html_printf.
*/
#ifndef BELONG_WEB_FORMS_H
#define BELONG_WEB_FORMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/diag.h"
#include "web_internal.h"

/* ---- the fields posted (req->fields, read by the server before the handler) ------------- */

/* The values of field name joined by sep ("walk,transit" from two checkboxes); "" when none.
** OUT: out (reset first). */
void forms_join(const struct web_request *req, const char *name, const char *sep, struct buf *out);
/* The value of field name as an id (a positive integer), or 0 when absent or not one. */
int64_t forms_get_id(const struct web_request *req, const char *name);

/* ---- problems ---------------------------------------------------------------------------- */

#define FORMS_PROBLEMS_MAX 32

/* Why a form was refused: each problem with the name of the control at fault ("" for the form
** as a whole). Plain values: nothing to free. */
struct forms_problems {
    struct {
        char field[64];
        char message[512];
    } items[FORMS_PROBLEMS_MAX];
    size_t n;
};

/* The control an operation's field names: "--comfort-before" is comfort-before, "PLAN" plan,
** NULL "". OUT: out. */
void forms_field_name(const char *op_field, char out[64]);
/* Adds one problem (field: a control's name or NULL); a message that begins with a CLI option
** ("--closeness: ...") is kept without it, the control being named by the form. Past
** FORMS_PROBLEMS_MAX they are dropped. */
void forms_problem(struct forms_problems *p, const char *field, const char *message);
/* Adds the refusal of an operation, under the control its field names. */
void forms_problem_of(struct forms_problems *p, const struct app_error *err);
/* Adds each problem of diag, whose lines read "SOURCE: FIELD: message" (source the name the
** operation was given); a line without a field goes to the form as a whole. */
void forms_problems_of_diag(struct forms_problems *p, const struct diag *diag, const char *source);
/* The problem of control name, or NULL. */
const char *forms_problem_at(const struct forms_problems *p, const char *name);

/* ---- writing a form ---------------------------------------------------------------------- */

/* Starts a page answering status, its title escaped, its navigation for the viewer. */
void forms_page_begin(struct web_response *resp, unsigned status, const char *title);
/* A summary of the problems (role=alert), each linked to its control; nothing when none. */
void forms_problem_summary(struct buf *b, const struct forms_problems *p);
/* Opens a form posting to action (a path the caller built, escaped) with the session's CSRF
** field (html_form_post). */
void forms_open(struct buf *b, struct web_request *req, const char *action);
/* The attributes that mark control name at fault and tie it to its message: written inside
** its start tag. */
void forms_invalid_attrs(struct buf *b, const struct forms_problems *p, const char *name);
/* The message of control name when it is at fault (id NAME-error). */
void forms_problem_text(struct buf *b, const struct forms_problems *p, const char *name);

/* A labelled <input type=TYPE> showing value (NULL: empty); hint (NULL: none) after the label. */
void forms_input(struct buf *b, const struct forms_problems *p, const char *name, const char *type,
                 const char *label, const char *hint, const char *value);
/* A labelled <textarea> (one item a line, when a hint says so). */
void forms_textarea(struct buf *b, const struct forms_problems *p, const char *name,
                    const char *label, const char *hint, const char *value);
/* A group of radio buttons (or checkboxes, when multiple) in a fieldset with legend: n options,
** values[i] shown as labels[i] (NULL: the value), those whose value is in chosen checked
** (chosen a comma list for checkboxes, one value for radios; NULL: none). The fieldset's id
** is name, each option's NAME-option-I: never another control's name (a record's own controls
** are NAME-ID, e.g. closeness-1 for connection 1, beside the new one's closeness). */
void forms_choices(struct buf *b, const struct forms_problems *p, const char *name,
                   const char *legend, bool multiple, size_t n, const char *const *values,
                   const char *const *labels, const char *chosen);
/* A labelled <select> of n options, as forms_choices with one chosen. */
void forms_select(struct buf *b, const struct forms_problems *p, const char *name,
                  const char *label, size_t n, const char *const *values, const char *const *labels,
                  const char *chosen);

/* ---- answering --------------------------------------------------------------------------- */

/* Answers the failure of an operation that is not about a field the form shows (a peer not in
** the caseload: 404, exactly as one that does not exist). */
void forms_fail(struct web_response *resp, const struct app_error *err);
/* Reads peer req->id of the acting caseload for a page about them (audited as a view). Returns
** true; false with the 404 answered. OUT: *p (peer_free, whatever the result). */
bool forms_peer(struct web_request *req, struct web_response *resp, struct app *app,
                struct peer *p);

#endif
