#define _POSIX_C_SOURCE 200809L
#include "json.h"

#include <stdlib.h>
#include <string.h>

void json_put_string(buf_t *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
    switch (*p) {
      case '"': buf_puts(b, "\\\""); break;
      case '\\': buf_puts(b, "\\\\"); break;
      case '\b': buf_puts(b, "\\b"); break;
      case '\f': buf_puts(b, "\\f"); break;
      case '\n': buf_puts(b, "\\n"); break;
      case '\r': buf_puts(b, "\\r"); break;
      case '\t': buf_puts(b, "\\t"); break;
      default:
        if (*p < 0x20) {
          buf_puts(b, "\\u00");
          buf_putc(b, hex[*p >> 4]);
          buf_putc(b, hex[*p & 0xF]);
        } else {
          buf_putc(b, (char)*p);
        }
    }
  }
  buf_putc(b, '"');
}

void json_put_number(buf_t *b, double n) {
  char text[40];
  js_number(n, text);
  /* JSON.stringify writes NaN and ±Infinity as null. */
  buf_puts(b, strcmp(text, "NaN") == 0 || strstr(text, "Infinity") != NULL ? "null" : text);
}

/* ---- parser --------------------------------------------------------------------------------- */

typedef struct {
  const char *p;
  const char *end;
  int depth;
} parser_t;

enum { MAX_DEPTH = 4096 };

static jval_t *new_value(jtype_t type) {
  jval_t *v = xmalloc(sizeof *v);
  memset(v, 0, sizeof *v);
  v->type = type;
  return v;
}

static void skip_blank(parser_t *ps) {
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static bool literal(parser_t *ps, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) return false;
  ps->p += n;
  return true;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool read_hex4(parser_t *ps, unsigned *out) {
  if (ps->end - ps->p < 4) return false;
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    int d = hex_digit(ps->p[i]);
    if (d < 0) return false;
    v = v * 16 + (unsigned)d;
  }
  ps->p += 4;
  *out = v;
  return true;
}

static void put_code_point(buf_t *b, unsigned cp) {
  char u[4];
  if (cp < 0x80) {
    buf_putc(b, (char)cp);
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3F));
    buf_put(b, u, 2);
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[2] = (char)(0x80 | (cp & 0x3F));
    buf_put(b, u, 3);
  } else {
    u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F));
    buf_put(b, u, 4);
  }
}

/* After the opening quote. A lone surrogate becomes U+FFFD, as it would when written out as UTF-8. */
static bool parse_string(parser_t *ps, char **out, size_t *out_len) {
  buf_t b = {0};
  buf_str(&b);
  for (;;) {
    if (ps->p >= ps->end) return false;
    unsigned char c = (unsigned char)*ps->p++;
    if (c == '"') break;
    if (c < 0x20) return false;
    if (c != '\\') {
      buf_putc(&b, (char)c);
      continue;
    }
    if (ps->p >= ps->end) return false;
    char e = *ps->p++;
    unsigned cp;
    switch (e) {
      case '"': buf_putc(&b, '"'); break;
      case '\\': buf_putc(&b, '\\'); break;
      case '/': buf_putc(&b, '/'); break;
      case 'b': buf_putc(&b, '\b'); break;
      case 'f': buf_putc(&b, '\f'); break;
      case 'n': buf_putc(&b, '\n'); break;
      case 'r': buf_putc(&b, '\r'); break;
      case 't': buf_putc(&b, '\t'); break;
      case 'u':
        if (!read_hex4(ps, &cp)) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF && ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
          parser_t look = *ps;
          unsigned low;
          look.p += 2;
          if (read_hex4(&look, &low) && low >= 0xDC00 && low <= 0xDFFF) {
            *ps = look;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
        }
        put_code_point(&b, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp);
        break;
      default:
        return false;
    }
  }
  *out = b.data;
  *out_len = b.len;
  return true;
}

static bool is_digit(const parser_t *ps) { return ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9'; }

static jval_t *parse_number(parser_t *ps) {
  const char *start = ps->p;
  if (ps->p < ps->end && *ps->p == '-') ps->p++;
  if (!is_digit(ps)) return NULL;
  if (*ps->p == '0') ps->p++;
  else while (is_digit(ps)) ps->p++;
  if (ps->p < ps->end && *ps->p == '.') {
    ps->p++;
    if (!is_digit(ps)) return NULL;
    while (is_digit(ps)) ps->p++;
  }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
    ps->p++;
    if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
    if (!is_digit(ps)) return NULL;
    while (is_digit(ps)) ps->p++;
  }
  size_t n = (size_t)(ps->p - start);
  char *text = xmalloc(n + 1);
  memcpy(text, start, n);
  text[n] = '\0';
  jval_t *v = new_value(J_NUMBER);
  v->number = strtod(text, NULL);
  free(text);
  return v;
}

static jval_t *parse_value(parser_t *ps);

static void append(jval_t *v, char *key, jval_t *item) {
  if (key != NULL) {
    for (size_t i = 0; i < v->count; i++) {
      if (strcmp(v->keys[i], key) == 0) {
        v->items[i] = item;
        free(key);
        return;
      }
    }
  }
  jval_t **items = xmalloc((v->count + 1) * sizeof *items);
  if (v->count > 0) memcpy(items, v->items, v->count * sizeof *items);
  free(v->items);
  v->items = items;
  if (key != NULL) {
    char **keys = xmalloc((v->count + 1) * sizeof *keys);
    if (v->count > 0) memcpy(keys, v->keys, v->count * sizeof *keys);
    free(v->keys);
    v->keys = keys;
    v->keys[v->count] = key;
  }
  v->items[v->count++] = item;
}

static jval_t *parse_container(parser_t *ps, bool object) {
  jval_t *v = new_value(object ? J_OBJECT : J_ARRAY);
  char close = object ? '}' : ']';
  if (++ps->depth > MAX_DEPTH) return NULL;
  skip_blank(ps);
  if (ps->p < ps->end && *ps->p == close) {
    ps->p++;
    ps->depth--;
    return v;
  }
  for (;;) {
    char *key = NULL;
    if (object) {
      size_t key_len;
      skip_blank(ps);
      if (ps->p >= ps->end || *ps->p != '"') return NULL;
      ps->p++;
      if (!parse_string(ps, &key, &key_len)) return NULL;
      skip_blank(ps);
      if (ps->p >= ps->end || *ps->p != ':') return NULL;
      ps->p++;
    }
    jval_t *item = parse_value(ps);
    if (item == NULL) return NULL;
    append(v, key, item);
    skip_blank(ps);
    if (ps->p >= ps->end) return NULL;
    char c = *ps->p++;
    if (c == close) break;
    if (c != ',') return NULL;
  }
  ps->depth--;
  return v;
}

static jval_t *parse_value(parser_t *ps) {
  skip_blank(ps);
  if (ps->p >= ps->end) return NULL;
  switch (*ps->p) {
    case '{': ps->p++; return parse_container(ps, true);
    case '[': ps->p++; return parse_container(ps, false);
    case '"': {
      jval_t *v = new_value(J_STRING);
      ps->p++;
      return parse_string(ps, &v->string, &v->length) ? v : NULL;
    }
    case 't': return literal(ps, "true") ? new_value(J_TRUE) : NULL;
    case 'f': return literal(ps, "false") ? new_value(J_FALSE) : NULL;
    case 'n': return literal(ps, "null") ? new_value(J_NULL) : NULL;
    default: return parse_number(ps);
  }
}

jval_t *json_parse(const char *text, size_t len) {
  parser_t ps = {text, text + len, 0};
  jval_t *v = parse_value(&ps);
  if (v == NULL) return NULL;
  skip_blank(&ps);
  return ps.p == ps.end ? v : NULL;
}

const jval_t *json_get(const jval_t *obj, const char *key) {
  if (obj == NULL || obj->type != J_OBJECT) return NULL;
  for (size_t i = 0; i < obj->count; i++) {
    if (strcmp(obj->keys[i], key) == 0) return obj->items[i];
  }
  return NULL;
}

bool js_truthy(const jval_t *v) {
  if (v == NULL) return false;
  switch (v->type) {
    case J_NULL:
    case J_FALSE: return false;
    case J_NUMBER: return v->number == v->number && v->number != 0;
    case J_STRING: return v->length > 0;
    default: return true;
  }
}

void js_put_string_of(buf_t *b, const jval_t *v) {
  if (v == NULL) {
    buf_puts(b, "undefined");
    return;
  }
  char number[40];
  switch (v->type) {
    case J_NULL: buf_puts(b, "null"); break;
    case J_FALSE: buf_puts(b, "false"); break;
    case J_TRUE: buf_puts(b, "true"); break;
    case J_NUMBER: js_number(v->number, number), buf_puts(b, number); break;
    case J_STRING: buf_put(b, v->string, v->length); break;
    case J_OBJECT: buf_puts(b, "[object Object]"); break;
    case J_ARRAY:
      for (size_t i = 0; i < v->count; i++) {
        if (i > 0) buf_putc(b, ',');
        if (v->items[i]->type != J_NULL) js_put_string_of(b, v->items[i]);
      }
      break;
  }
}
