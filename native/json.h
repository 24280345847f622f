/*
 * JSON for the agent endpoint: writing strings and numbers exactly as JSON.stringify does, and a
 * strict parser (RFC 8259, like JSON.parse) into a small tree with JavaScript's object semantics
 * (a repeated key keeps its first position and takes its last value).
 */
#ifndef PMFADM_JSON_H
#define PMFADM_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "jscompat.h"

typedef enum { J_NULL, J_FALSE, J_TRUE, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } jtype_t;

typedef struct jval {
  jtype_t type;
  double number;
  char *string;        /* J_STRING: UTF-8, NUL-terminated; may hold NULs (\u0000) within `length` */
  size_t length;       /* J_STRING: bytes */
  size_t count;        /* J_ARRAY, J_OBJECT */
  struct jval **items; /* J_ARRAY elements, J_OBJECT values */
  char **keys;         /* J_OBJECT keys, in first-seen order */
} jval_t;

/** JSON.stringify(s) for a valid UTF-8 string. */
void json_put_string(buf_t *b, const char *s);
/** JSON.stringify(n). */
void json_put_number(buf_t *b, double n);

/** JSON.parse(text); NULL when the text is not JSON. `text` must be valid UTF-8. */
jval_t *json_parse(const char *text, size_t len);
/** obj[key], or NULL (undefined) when obj is not an object or has no such key. */
const jval_t *json_get(const jval_t *obj, const char *key);

/** JavaScript truthiness; NULL stands for undefined. */
bool js_truthy(const jval_t *v);
/** String(v) / `${v}`; NULL stands for undefined. Arrays join with ",", objects "[object Object]". */
void js_put_string_of(buf_t *b, const jval_t *v);

#endif
