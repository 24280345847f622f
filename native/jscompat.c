#define _POSIX_C_SOURCE 200809L
#include "jscompat.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xmalloc(size_t size) {
  void *p = malloc(size == 0 ? 1 : size);
  if (p == NULL) {
    fputs("pmfadm: out of memory\n", stderr);
    exit(4);
  }
  return p;
}

char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

static void buf_reserve(buf_t *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap == 0 ? 64 : b->cap;
  while (cap < b->len + extra + 1) cap *= 2;
  char *data = xmalloc(cap);
  if (b->len > 0) memcpy(data, b->data, b->len);
  free(b->data);
  b->data = data;
  b->cap = cap;
}

void buf_put(buf_t *b, const char *s, size_t n) {
  buf_reserve(b, n);
  if (n > 0) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_puts(buf_t *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(buf_t *b, char c) { buf_put(b, &c, 1); }

void buf_printf(buf_t *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n <= 0) return;
  buf_reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

const char *buf_str(buf_t *b) {
  if (b->data == NULL) buf_reserve(b, 0), b->data[0] = '\0';
  return b->data;
}

/* ---- UTF-8 ---------------------------------------------------------------------------------- */

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* WHATWG "UTF-8 decode": lead byte ranges and the narrowed second-byte range of E0, ED, F0, F4. */
char *utf8_sanitize(const char *s, size_t len, size_t *out_len) {
  buf_t out = {0};
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    unsigned char b = u[i];
    size_t need;
    unsigned char lower = 0x80, upper = 0xBF;
    if (b <= 0x7F) {
      buf_putc(&out, (char)b);
      i++;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      if (b == 0xE0) lower = 0xA0;
      if (b == 0xED) upper = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      if (b == 0xF0) lower = 0x90;
      if (b == 0xF4) upper = 0x8F;
    } else {
      buf_puts(&out, REPLACEMENT);
      i++;
      continue;
    }
    size_t seen = 0;
    while (seen < need && i + 1 + seen < len) {
      unsigned char c = u[i + 1 + seen];
      if (c < lower || c > upper) break;
      lower = 0x80;
      upper = 0xBF;
      seen++;
    }
    if (seen == need) {
      buf_put(&out, s + i, need + 1);
    } else {
      buf_puts(&out, REPLACEMENT); /* the maximal subpart; the offending byte is read again */
    }
    i += 1 + seen;
  }
  buf_str(&out);
  if (out_len != NULL) *out_len = out.len;
  return out.data;
}

bool utf8_is_valid(const char *s) {
  size_t len = strlen(s), n;
  char *clean = utf8_sanitize(s, len, &n);
  bool same = n == len && memcmp(clean, s, len) == 0;
  free(clean);
  return same;
}

unsigned utf8_next(const char **p) {
  const unsigned char *u = (const unsigned char *)*p;
  unsigned cp;
  size_t n;
  if (u[0] < 0x80) cp = u[0], n = 1;
  else if (u[0] < 0xE0) cp = u[0] & 0x1Fu, n = 2;
  else if (u[0] < 0xF0) cp = u[0] & 0x0Fu, n = 3;
  else cp = u[0] & 0x07u, n = 4;
  for (size_t i = 1; i < n && u[i] != 0; i++) cp = (cp << 6) | (u[i] & 0x3Fu);
  *p += n;
  return cp;
}

/* ---- strings -------------------------------------------------------------------------------- */

bool js_is_space(unsigned cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* [*start, *end) is s without leading and trailing JavaScript whitespace. */
static void trim_bounds(const char *s, const char **start, const char **end) {
  const char *p = s, *first = NULL, *after_last = s;
  while (*p != '\0') {
    const char *at = p;
    unsigned cp = utf8_next(&p);
    if (js_is_space(cp)) continue;
    if (first == NULL) first = at;
    after_last = p;
  }
  *start = first == NULL ? s : first;
  *end = first == NULL ? s : after_last;
}

char *js_trim(const char *s) {
  const char *start, *end;
  trim_bounds(s, &start, &end);
  buf_t b = {0};
  buf_put(&b, start, (size_t)(end - start));
  return (char *)buf_str(&b);
}

bool js_has_inner_space(const char *s) {
  const char *start, *end;
  trim_bounds(s, &start, &end);
  for (const char *p = start; p < end;) {
    if (js_is_space(utf8_next(&p))) return true;
  }
  return false;
}

char *js_upper_ascii(const char *s) {
  /* The only non-ASCII characters whose full uppercase mapping is ASCII (checked against V8). */
  static const struct { unsigned cp; const char *upper; } special[] = {
    {0xDF, "SS"}, {0x131, "I"}, {0x17F, "S"}, {0xFB00, "FF"}, {0xFB01, "FI"},
    {0xFB02, "FL"}, {0xFB03, "FFI"}, {0xFB04, "FFL"}, {0xFB05, "ST"}, {0xFB06, "ST"},
  };
  buf_t b = {0};
  for (const char *p = s; *p != '\0';) {
    unsigned cp = utf8_next(&p);
    if (cp < 0x80) {
      buf_putc(&b, (char)(cp >= 'a' && cp <= 'z' ? cp - 'a' + 'A' : cp));
      continue;
    }
    const char *upper = NULL;
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
      if (special[i].cp == cp) upper = special[i].upper;
    }
    if (upper == NULL) {
      free(b.data);
      return NULL;
    }
    buf_puts(&b, upper);
  }
  return (char *)buf_str(&b);
}

/* ---- numbers -------------------------------------------------------------------------------- */

/* ECMAScript Number::toString(10): the shortest digits that read back as v, then the layout rules. */
void js_number(double v, char out[40]) {
  if (isnan(v)) {
    strcpy(out, "NaN");
    return;
  }
  if (v == 0) {
    strcpy(out, "0");
    return;
  }
  char *o = out;
  if (v < 0) *o++ = '-', v = -v;
  if (isinf(v)) {
    strcpy(o, "Infinity");
    return;
  }
  char sci[40];
  for (int precision = 0; precision <= 17; precision++) {
    snprintf(sci, sizeof sci, "%.*e", precision, v);
    if (strtod(sci, NULL) == v) break;
  }
  char digits[24];
  int k = 0;
  const char *q = sci;
  for (; *q != 'e'; q++) {
    if (*q >= '0' && *q <= '9') digits[k++] = *q;
  }
  while (k > 1 && digits[k - 1] == '0') k--;
  int n = atoi(q + 1) + 1;
  if (k <= n && n <= 21) {
    memcpy(o, digits, (size_t)k), o += k;
    for (int i = k; i < n; i++) *o++ = '0';
  } else if (n > 0 && n <= 21) {
    memcpy(o, digits, (size_t)n), o += n;
    *o++ = '.';
    memcpy(o, digits + n, (size_t)(k - n)), o += k - n;
  } else if (n > -6 && n <= 0) {
    *o++ = '0', *o++ = '.';
    for (int i = 0; i < -n; i++) *o++ = '0';
    memcpy(o, digits, (size_t)k), o += k;
  } else {
    *o++ = digits[0];
    if (k > 1) {
      *o++ = '.';
      memcpy(o, digits + 1, (size_t)(k - 1)), o += k - 1;
    }
    o += sprintf(o, "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
  }
  *o = '\0';
}

double js_parse_decimal(const char *text) { return strtod(text, NULL); }

/* ---- collation ------------------------------------------------------------------------------ */

/*
 * ASCII in the CLDR root collation (what Node's ICU uses for en-US, C and C.UTF-8), from lowest to
 * highest primary weight; a letter pair shares a weight and differs at the tertiary level (lower
 * case first). Other control characters are completely ignorable. Dumped from Node 20.
 */
static const char *const ROOT_ORDER[] = {
  "\t", "\n", "\v", "\f", "\r", " ", "_", "-", ",", ";", ":", "!", "?", ".", "'", "\"", "(", ")", "[", "]",
  "{", "}", "@", "*", "/", "\\", "&", "#", "%", "`", "^", "+", "<", "=", ">", "|", "~", "$",
  "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
  "aA", "bB", "cC", "dD", "eE", "fF", "gG", "hH", "iI", "jJ", "kK", "lL", "mM", "nN", "oO", "pP", "qQ",
  "rR", "sS", "tT", "uU", "vV", "wW", "xX", "yY", "zZ",
};

static unsigned primary_of(unsigned cp) {
  static unsigned weights[128];
  static bool ready = false;
  if (!ready) {
    for (size_t i = 0; i < sizeof ROOT_ORDER / sizeof ROOT_ORDER[0]; i++) {
      for (const char *c = ROOT_ORDER[i]; *c != '\0'; c++) weights[(unsigned char)*c] = (unsigned)i + 1;
    }
    ready = true;
  }
  return cp < 128 ? weights[cp] : 1000 + cp;
}

/* Next (primary, tertiary) of a non-ignorable character; false at the end of the string. */
static bool next_element(const char **p, unsigned *primary, unsigned *tertiary) {
  while (**p != '\0') {
    unsigned cp = utf8_next(p);
    unsigned w = primary_of(cp);
    if (w == 0) continue;
    *primary = w;
    *tertiary = cp >= 'A' && cp <= 'Z';
    return true;
  }
  return false;
}

int js_locale_compare(const char *a, const char *b) {
  for (int level = 0; level < 2; level++) {
    const char *pa = a, *pb = b;
    for (;;) {
      unsigned wa[2], wb[2];
      bool ha = next_element(&pa, &wa[0], &wa[1]), hb = next_element(&pb, &wb[0], &wb[1]);
      if (!ha || !hb) {
        if (ha != hb) return ha ? 1 : -1;
        break;
      }
      if (wa[level] != wb[level]) return wa[level] < wb[level] ? -1 : 1;
    }
  }
  return 0;
}

/* ---- node:path (posix) ---------------------------------------------------------------------- */

static long last_slash_in(const buf_t *b) {
  for (long i = (long)b->len - 1; i >= 0; i--) {
    if (b->data[i] == '/') return i;
  }
  return -1;
}

/* Port of Node's normalizeString(path, allowAboveRoot, '/', isPosixPathSeparator). */
static char *normalize_string(const char *path, bool allow_above_root) {
  buf_t res = {0};
  buf_str(&res);
  long len = (long)strlen(path), last_segment_length = 0, last_slash = -1;
  int dots = 0;
  char code = 0;
  for (long i = 0; i <= len; ++i) {
    if (i < len) code = path[i];
    else if (code == '/') break;
    else code = '/';
    if (code == '/') {
      if (last_slash == i - 1 || dots == 1) {
        /* nothing */
      } else if (dots == 2) {
        if (res.len < 2 || last_segment_length != 2 || res.data[res.len - 1] != '.' || res.data[res.len - 2] != '.') {
          if (res.len > 2) {
            long cut = last_slash_in(&res);
            if (cut == -1) {
              res.len = 0;
              last_segment_length = 0;
            } else {
              res.len = (size_t)cut;
              last_segment_length = (long)res.len - 1 - last_slash_in(&res);
            }
            res.data[res.len] = '\0';
            last_slash = i;
            dots = 0;
            continue;
          } else if (res.len != 0) {
            res.len = 0;
            res.data[0] = '\0';
            last_segment_length = 0;
            last_slash = i;
            dots = 0;
            continue;
          }
        }
        if (allow_above_root) {
          buf_puts(&res, res.len > 0 ? "/.." : "..");
          last_segment_length = 2;
        }
      } else {
        if (res.len > 0) buf_putc(&res, '/');
        buf_put(&res, path + last_slash + 1, (size_t)(i - last_slash - 1));
        last_segment_length = i - last_slash - 1;
      }
      last_slash = i;
      dots = 0;
    } else if (code == '.' && dots != -1) {
      ++dots;
    } else {
      dots = -1;
    }
  }
  return res.data;
}

char *path_normalize(const char *p) {
  if (*p == '\0') return xstrdup(".");
  bool absolute = p[0] == '/', trailing = p[strlen(p) - 1] == '/';
  char *n = normalize_string(p, !absolute);
  buf_t out = {0};
  if (*n == '\0') {
    buf_puts(&out, absolute ? "/" : trailing ? "./" : ".");
  } else {
    if (absolute) buf_putc(&out, '/');
    buf_puts(&out, n);
    if (trailing) buf_putc(&out, '/');
  }
  free(n);
  return out.data;
}

char *path_join(const char *a, const char *b) {
  buf_t joined = {0};
  buf_puts(&joined, a);
  if (*b != '\0') {
    if (joined.len > 0) buf_putc(&joined, '/');
    buf_puts(&joined, b);
  }
  if (joined.len == 0) return xstrdup(".");
  char *out = path_normalize(joined.data);
  free(joined.data);
  return out;
}

char *path_resolve(const char *p, const char *cwd) {
  buf_t joined = {0};
  bool absolute = false;
  const char *parts[2] = {p, cwd};
  for (int i = 0; i < 2 && !absolute; i++) {
    if (*parts[i] == '\0') continue;
    buf_t next = {0};
    buf_printf(&next, "%s/%s", parts[i], buf_str(&joined));
    free(joined.data);
    joined = next;
    absolute = parts[i][0] == '/';
  }
  char *n = normalize_string(buf_str(&joined), !absolute);
  free(joined.data);
  buf_t out = {0};
  if (absolute) buf_putc(&out, '/');
  buf_puts(&out, n);
  if (!absolute && *n == '\0') buf_putc(&out, '.');
  free(n);
  return out.data;
}
