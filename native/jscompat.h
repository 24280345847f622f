/*
 * The few JavaScript and Node.js semantics the native pmfadm must reproduce byte for byte so that it
 * behaves exactly like src/main/pmfadm.ts: UTF-8 decoding with U+FFFD replacement (argv, environment,
 * answers), String.prototype.trim/toUpperCase and /\s/, Number#toString, String#localeCompare for
 * ASCII under the root collation, and node:path join/normalize/resolve. Plus a growable buffer.
 */
#ifndef PMFADM_JSCOMPAT_H
#define PMFADM_JSCOMPAT_H

#include <stdbool.h>
#include <stddef.h>

/** A growable byte string, always NUL-terminated once anything was put in it. */
typedef struct {
  char *data;
  size_t len;
  size_t cap;
} buf_t;

void *xmalloc(size_t size);
char *xstrdup(const char *s);
void buf_put(buf_t *b, const char *s, size_t n);
void buf_puts(buf_t *b, const char *s);
void buf_putc(buf_t *b, char c);
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** The contents as a C string ("" when empty); the buffer keeps owning it. */
const char *buf_str(buf_t *b);

/**
 * Decodes `len` bytes as UTF-8 the way V8 and the WHATWG decoder do, replacing each maximal invalid
 * subpart with U+FFFD; returns a new NUL-terminated string (valid UTF-8, no surrogates).
 */
char *utf8_sanitize(const char *s, size_t len, size_t *out_len);
/** True when `s` is valid UTF-8 (nothing would be replaced). */
bool utf8_is_valid(const char *s);
/** The code point at `*p` of a sanitized string; advances `*p`. */
unsigned utf8_next(const char **p);

/** JavaScript WhiteSpace or LineTerminator (what /\s/ and String#trim know). */
bool js_is_space(unsigned cp);
/** /\s/.test(s.trim()): some whitespace between the first and last non-blank character. */
bool js_has_inner_space(const char *s);
/** s.trim() as a new string. */
char *js_trim(const char *s);
/** s.toUpperCase() when the result is pure ASCII, else NULL (no signal name can match then). */
char *js_upper_ascii(const char *s);
/** String(v) for a JavaScript number, e.g. 1.5, 100, 1e+21, -0 → "0". */
void js_number(double v, char out[40]);
/** Number(text) for a decimal integer literal such as "-12" (correctly rounded, like V8). */
double js_parse_decimal(const char *text);
/** a.localeCompare(b) under the root/en collation: exact for ASCII, code point order beyond. */
int js_locale_compare(const char *a, const char *b);

/** node:path posix join(a, b), normalize(p) and resolve(p) against `cwd`. */
char *path_join(const char *a, const char *b);
char *path_normalize(const char *p);
char *path_resolve(const char *p, const char *cwd);

#endif
