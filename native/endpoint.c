#define _POSIX_C_SOURCE 200809L
#include "endpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* The error codes libuv (hence Node's err.code) gives the usual failures of a Unix-socket client. */
static const char *errno_name(int e) {
  switch (e) {
    case ENOENT: return "ENOENT";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EACCES: return "EACCES";
    case ENOTSOCK: return "ENOTSOCK";
    case ECONNRESET: return "ECONNRESET";
    case EPERM: return "EPERM";
    case ENOTDIR: return "ENOTDIR";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ELOOP: return "ELOOP";
    case EAGAIN: return "EAGAIN";
    case EINVAL: return "EINVAL";
    case EPIPE: return "EPIPE";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EPROTOTYPE: return "EPROTOTYPE";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENOMEM: return "ENOMEM";
    case ENOBUFS: return "ENOBUFS";
    case EIO: return "EIO";
    default: return "UNKNOWN";
  }
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

typedef struct {
  const char *socket_path;
  const char *route;
  double timeout_ms;
  double deadline_ms;
  call_result_t result;
} call_t;

static call_result_t failed(call_t *c, call_kind_t kind, const char *code, const char *fmt, const char *detail) {
  buf_t message = {0};
  buf_printf(&message, fmt, c->route, detail);
  c->result.kind = kind;
  c->result.code = code;
  c->result.message = buf_str(&message);
  return c->result;
}

/* The req 'error' of client.ts: unreachable for the listed codes, protocol otherwise. */
static call_result_t socket_error(call_t *c, const char *code) {
  static const char *const unreachable[] = {"ENOENT", "ECONNREFUSED", "EACCES", "ENOTSOCK", "ECONNRESET", "EPERM"};
  bool is_unreachable = false;
  for (size_t i = 0; i < sizeof unreachable / sizeof unreachable[0]; i++) {
    if (strcmp(code, unreachable[i]) == 0) is_unreachable = true;
  }
  buf_t message = {0};
  buf_printf(&message, "cannot reach the agent at %s: %s", c->socket_path, code);
  c->result.kind = is_unreachable ? CALL_UNREACHABLE : CALL_PROTOCOL;
  c->result.code = is_unreachable ? "unreachable" : "protocol";
  c->result.message = buf_str(&message);
  return c->result;
}

static call_result_t timed_out(call_t *c) {
  char ms[40];
  js_number(c->timeout_ms, ms);
  return failed(c, CALL_TIMEOUT, "timeout", "%s: no answer within %s ms", ms);
}

/* Waits for `events` on fd until the deadline; 1 ready, 0 timed out, -1 error (errno). */
static int wait_for(call_t *c, int fd, short events) {
  for (;;) {
    double left = c->deadline_ms - now_ms();
    if (left <= 0) return 0;
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, left > 2147483647.0 ? 2147483647 : (int)left + 1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r > 0) return 1;
  }
}

typedef struct {
  buf_t data;
  bool eof;
} inbox_t;

/* Reads more of the answer; 1 got bytes or EOF, 0 timed out, -1 error (errno). */
static int read_more(call_t *c, int fd, inbox_t *in) {
  for (;;) {
    int w = wait_for(c, fd, POLLIN);
    if (w <= 0) return w;
    char chunk[16384];
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return -1;
    if (n == 0) in->eof = true;
    else buf_put(&in->data, chunk, (size_t)n);
    return 1;
  }
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static const char *find_crlf(const char *from, const char *end) {
  for (const char *p = from; p + 1 < end; p++) {
    if (p[0] == '\r' && p[1] == '\n') return p;
  }
  return NULL;
}

static const char *find_header_end(const buf_t *b) {
  for (size_t i = 0; i + 3 < b->len; i++) {
    if (memcmp(b->data + i, "\r\n\r\n", 4) == 0) return b->data + i + 4;
  }
  return NULL;
}

/* The value of header `name` in [from, end), or NULL. */
static char *header_value(const char *from, const char *end, const char *name) {
  size_t n = strlen(name);
  for (const char *line = from; line < end;) {
    const char *eol = find_crlf(line, end);
    if (eol == NULL) eol = end;
    if ((size_t)(eol - line) > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
      const char *v = line + n + 1;
      while (v < eol && (*v == ' ' || *v == '\t')) v++;
      const char *ve = eol;
      while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
      char *out = xmalloc((size_t)(ve - v) + 1);
      memcpy(out, v, (size_t)(ve - v));
      out[ve - v] = '\0';
      return out;
    }
    line = eol + 2;
  }
  return NULL;
}

/*
 * Decodes a chunked body: NULL when complete, "" when more bytes are needed, else the llhttp error
 * code Node would report for the malformed framing.
 */
static const char *dechunk(const char *p, const char *end, buf_t *body) {
  body->len = 0;
  for (;;) {
    const char *eol = find_crlf(p, end);
    size_t size = 0;
    const char *q = p;
    for (; q < end && hex_value(*q) >= 0; q++) size = size * 16 + (size_t)hex_value(*q);
    if (q < end && (q == p || (*q != ';' && *q != '\r'))) return "HPE_INVALID_CHUNK_SIZE";
    if (eol == NULL) return "";
    p = eol + 2;
    if (size == 0) return find_crlf(p, end) != NULL ? NULL : "";
    if ((size_t)(end - p) < size + 2) return "";
    buf_put(body, p, size);
    p += size;
    if (p[0] != '\r' || p[1] != '\n') return "HPE_CR_EXPECTED";
    p += 2;
  }
}

/* Reads the whole HTTP answer; fills status and body or returns a failure. */
static bool receive(call_t *c, int fd, int *status, buf_t *body) {
  inbox_t in = {{0}, false};
  const char *head_end;
  while ((head_end = find_header_end(&in.data)) == NULL) {
    if (in.eof) return socket_error(c, "ECONNRESET"), false; /* Node: "socket hang up" */
    int r = read_more(c, fd, &in);
    if (r == 0) return timed_out(c), false;
    if (r < 0) return socket_error(c, errno_name(errno)), false;
  }
  int minor;
  if (sscanf(in.data.data, "HTTP/1.%d %3d", &minor, status) != 2) return socket_error(c, "HPE_INVALID_CONSTANT"), false;
  size_t head_len = (size_t)(head_end - in.data.data);
  char *length_text = header_value(in.data.data, head_end, "content-length");
  char *encoding = header_value(in.data.data, head_end, "transfer-encoding");
  bool chunked = encoding != NULL && strcasecmp(encoding, "chunked") == 0;
  for (;;) {
    const char *start = in.data.data + head_len, *end = in.data.data + in.data.len;
    if (chunked) {
      const char *problem = dechunk(start, end, body);
      if (problem == NULL) return true;
      if (*problem != '\0') return socket_error(c, problem), false;
    } else if (length_text != NULL) {
      size_t want = (size_t)strtoull(length_text, NULL, 10);
      if ((size_t)(end - start) >= want) {
        buf_put(body, start, want);
        return true;
      }
    } else if (in.eof) {
      buf_put(body, start, (size_t)(end - start));
      return true;
    }
    if (in.eof) return failed(c, CALL_PROTOCOL, "protocol", "reading the answer of %s: %s", "aborted"), false;
    int r = read_more(c, fd, &in);
    if (r == 0) return timed_out(c), false;
    if (r < 0) return failed(c, CALL_PROTOCOL, "protocol", "reading the answer of %s: %s", "aborted"), false;
  }
}

static bool send_all(call_t *c, int fd, const char *data, size_t len) {
  while (len > 0) {
    int w = wait_for(c, fd, POLLOUT);
    if (w == 0) return timed_out(c), false;
    if (w < 0) return socket_error(c, errno_name(errno)), false;
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return socket_error(c, errno_name(errno)), false;
    data += n;
    len -= (size_t)n;
  }
  return true;
}

/* What client.ts makes of the answer body. */
static call_result_t interpret(call_t *c, int status, const buf_t *body) {
  char status_text[16];
  snprintf(status_text, sizeof status_text, "%d", status);
  size_t len;
  char *text = utf8_sanitize(body->data == NULL ? "" : body->data, body->len, &len);
  jval_t *answer = json_parse(text, len);
  if (answer == NULL) return failed(c, CALL_PROTOCOL, "protocol", "%s: the answer is not JSON (HTTP %s)", status_text);
  if (answer->type == J_NULL) {
    fputs("TypeError: Cannot read properties of null (reading 'ok')\n", stderr);
    exit(1);
  }
  const jval_t *ok = json_get(answer, "ok");
  if (ok != NULL && ok->type == J_TRUE) {
    c->result.kind = CALL_OK;
    c->result.result = json_get(answer, "result");
    return c->result;
  }
  const jval_t *error = json_get(answer, "error");
  const jval_t *code = json_get(error, "code"), *message = json_get(error, "message");
  c->result.kind = CALL_REMOTE;
  c->result.code = code != NULL && code->type == J_STRING ? code->string : "error";
  if (message != NULL && message->type == J_STRING) {
    buf_t m = {0};
    buf_put(&m, message->string, message->length);
    c->result.message = buf_str(&m);
    return c->result;
  }
  return failed(c, CALL_REMOTE, c->result.code, "%s failed (HTTP %s)", status_text);
}

call_result_t call_endpoint(const char *socket_path, const char *route, const char *payload, double timeout_ms) {
  call_t c = {socket_path, route, timeout_ms, 0, {CALL_OK, NULL, NULL, NULL}};
  double effective_ms = timeout_ms;
  if (timeout_ms > 2147483647.0) {
    /* setTimeout's overflow rule, warning included, so both pmfadm builds fail the same way. */
    const char *no_warnings = getenv("NODE_NO_WARNINGS"), *node_options = getenv("NODE_OPTIONS");
    if (!(no_warnings != NULL && strcmp(no_warnings, "1") == 0) && !(node_options != NULL && strstr(node_options, "--no-warnings") != NULL)) {
      char ms[40];
      js_number(timeout_ms, ms);
      fprintf(stderr, "(node:%ld) TimeoutOverflowWarning: %s does not fit into a 32-bit signed integer.\n"
                      "Timeout duration was set to 1.\n(Use `node --trace-warnings ...` to show where the warning was created)\n",
              (long)getpid(), ms);
    }
    effective_ms = 1;
  }
  c.deadline_ms = now_ms() + effective_ms;

  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  /* libuv (Node 20) silently cuts a long path to the 108 bytes of sun_path, unterminated; so do we. */
  size_t path_len = strlen(socket_path);
  memcpy(addr.sun_path, socket_path, path_len < sizeof addr.sun_path ? path_len : sizeof addr.sun_path);
  /* A full listen queue (EAGAIN: hundreds of methods calling at once) is retried for up to 10 s with a
     growing pause, as client.ts does; the request was not sent, so retrying is safe. */
  double give_up_ms = now_ms() + 10000;
  long pause_ms = 5;
  int fd;
  for (;;) {
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return socket_error(&c, errno_name(errno));
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    int r;
    do r = connect(fd, (struct sockaddr *)&addr, sizeof addr);
    while (r < 0 && errno == EINTR);
    if (r == 0 || errno == EINPROGRESS) break;
    int e = errno;
    close(fd);
    if (e == EAGAIN && now_ms() + (double)pause_ms <= give_up_ms) {
      struct timespec ts = {pause_ms / 1000, (pause_ms % 1000) * 1000000L};
      while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
      pause_ms = pause_ms * 2 > 200 ? 200 : pause_ms * 2;
      continue;
    }
    return socket_error(&c, errno_name(e));
  }

  buf_t request = {0};
  size_t payload_len = strlen(payload);
  buf_printf(&request, "POST /%s HTTP/1.1\r\ncontent-type: application/json\r\ncontent-length: %zu\r\nHost: localhost\r\nConnection: close\r\n\r\n",
             route, payload_len);
  buf_put(&request, payload, payload_len);
  int status = 0;
  buf_t body = {0};
  bool done = send_all(&c, fd, request.data, request.len) && receive(&c, fd, &status, &body);
  close(fd);
  return done ? interpret(&c, status, &body) : c.result;
}
