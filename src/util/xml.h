/* xml.h — the one escaping writer for text that goes into XML, SVG or HTML (element text and
** quoted attribute values alike).
*/
#ifndef BELONG_XML_H
#define BELONG_XML_H

#include "buf.h"

/* Appends s to out with & < > " ' written as entities, so that any text (a name, a label from
** an import) can be neither markup nor leave an attribute. What XML 1.0 cannot carry at all is
** replaced by U+FFFD: control characters other than tab, line feed and carriage return, bytes
** that are not UTF-8, and U+FFFE/U+FFFF. NULL appends nothing. Cannot fail. */
void buf_put_xml(struct buf *out, const char *s);

#endif
