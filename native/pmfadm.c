/*
 * pmfadm: the Process Monitor Facility command (spec §6.2), native build. It must behave exactly as
 * src/main/pmfadm.ts (options, messages, exit codes, the requests it sends); it exists because Node's
 * start-up cost ~70 ms of CPU per call and methods call pmfadm for every resource. When the two differ,
 * the TypeScript one is the reference. See that file for the usage and the exit statuses:
 * 0 success; 1 no such nametag, the nametag already exists (-c), or not running (-q); 2 -w timed out;
 * 3 bad usage; 4 any other error.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "endpoint.h"
#include "jscompat.h"
#include "json.h"

extern char **environ;

enum { EXIT_OK = 0, EXIT_NO_TAG = 1, EXIT_TIMED_OUT = 2, EXIT_USAGE = 3, EXIT_ERROR = 4 };

static const char USAGE[] =
  "usage: pmfadm -c nametag [-a action] [[-e VAR=value]... | -E] [-n retries] [-t period] [-C level#] command [args...]\n"
  "       pmfadm -k nametag [-w timeout] [signal]\n"
  "       pmfadm -s nametag [-w timeout] [signal]\n"
  "       pmfadm -m nametag [-n retries] [-t period]\n"
  "       pmfadm -q nametag [-h host]\n"
  "       pmfadm -l nametag [-h host]\n"
  "       pmfadm -L [-h host]\n";

static const char OPTION_SPEC[] = "c:k:s:m:q:l:La:e:En:t:C:w:h:";
static const char MODES[] = "ckmsqlL";
/* Options each mode accepts besides itself. */
static const char *allowed_with(char mode) {
  switch (mode) {
    case 'c': return "aeEntC";
    case 'k':
    case 's': return "w";
    case 'm': return "nt";
    default: return "h";
  }
}

#define MAX_SAFE_INTEGER 9007199254740991.0

/* ---- output and errors ---------------------------------------------------------------------- */

static void write_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    s += w;
    n -= (size_t)w;
  }
}

static void vfail(int code, bool usage, const char *fmt, va_list ap) {
  buf_t b = {0};
  buf_puts(&b, "pmfadm: ");
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  char *text = xmalloc((size_t)n + 1);
  vsnprintf(text, (size_t)n + 1, fmt, ap);
  buf_puts(&b, text);
  buf_putc(&b, '\n');
  if (usage) buf_puts(&b, USAGE);
  write_all(2, b.data, b.len);
  exit(code);
}

/* A UsageError of the TypeScript: the message, then the usage, exit 3. */
__attribute__((noreturn, format(printf, 1, 2))) static void usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(EXIT_USAGE, true, fmt, ap);
  va_end(ap);
  exit(EXIT_USAGE);
}

/* A PmfadmError or EndpointCallError: one line, the given exit status. */
__attribute__((noreturn, format(printf, 2, 3))) static void fail(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(code, false, fmt, ap);
  va_end(ap);
  exit(code);
}

/* What Node does with an exception nobody catches (only for answers our agent never gives). */
__attribute__((noreturn)) static void uncaught(const char *message) {
  buf_t b = {0};
  buf_printf(&b, "%s\n", message);
  write_all(2, b.data, b.len);
  exit(1);
}

/* ---- environment (process.env) -------------------------------------------------------------- */

typedef struct {
  char *name;
  char *value;
} env_entry_t;

typedef struct {
  env_entry_t *entries;
  size_t count;
} env_t;

static void env_set(env_t *env, const char *name, const char *value) {
  for (size_t i = 0; i < env->count; i++) {
    if (strcmp(env->entries[i].name, name) == 0) {
      env->entries[i].value = xstrdup(value);
      return;
    }
  }
  env_entry_t *entries = xmalloc((env->count + 1) * sizeof *entries);
  if (env->count > 0) memcpy(entries, env->entries, env->count * sizeof *entries);
  env->entries = entries;
  env->entries[env->count].name = xstrdup(name);
  env->entries[env->count].value = xstrdup(value);
  env->count++;
}

static char *sanitized(const char *s) { return utf8_sanitize(s, strlen(s), NULL); }

/* process.env[name]: the first definition, decoded; NULL when undefined. */
static char *env_get(const char *name) {
  const char *v = getenv(name);
  return v == NULL ? NULL : sanitized(v);
}

/* A canonical array index ("0".."4294967294"): Object.entries(process.env) leaves those out. */
static bool is_array_index(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 10 || (s[0] == '0' && n > 1)) return false;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return strtoull(s, NULL, 10) <= 4294967294ULL;
}

/*
 * Object.entries(process.env) without undefined values: environ order, first definition of a name,
 * no entry without "=" or with an empty, array-index or non-UTF-8 name (process.env cannot get those).
 */
static env_t defined_env(void) {
  env_t env = {NULL, 0};
  for (char **e = environ; *e != NULL; e++) {
    const char *eq = strchr(*e, '=');
    if (eq == NULL || eq == *e) continue;
    char *name = xmalloc((size_t)(eq - *e) + 1);
    memcpy(name, *e, (size_t)(eq - *e));
    name[eq - *e] = '\0';
    bool seen = false;
    for (size_t i = 0; i < env.count; i++) seen = seen || strcmp(env.entries[i].name, name) == 0;
    if (!seen && utf8_is_valid(name) && !is_array_index(name)) env_set(&env, name, sanitized(getenv(name)));
    free(name);
  }
  return env;
}

/* ---- options -------------------------------------------------------------------------------- */

typedef struct {
  char flag;
  const char *value; /* NULL for flags without a value */
} option_t;

static option_t *options;
static size_t option_count;
static char **operands;
static size_t operand_count;

/* getopt.ts: clustered flags, attached or separate values, "--", stops at the first operand. */
static void getopt_ts(int argc, char **argv) {
  options = xmalloc((size_t)argc * sizeof *options + 1);
  int i = 0;
  for (; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--") == 0) {
      i++;
      break;
    }
    if (arg[0] != '-' || arg[1] == '\0') break;
    for (size_t j = 1; arg[j] != '\0'; j++) {
      unsigned char flag = (unsigned char)arg[j];
      const char *at = flag < 0x80 && flag != ':' ? strchr(OPTION_SPEC, flag) : NULL;
      if (at == NULL) {
        if (flag < 0x80) usage_error("unknown option -%c", flag);
        const char *p = arg + j, *start = p;
        unsigned cp = utf8_next(&p);
        /* charAt() takes one UTF-16 unit: half of a pair beyond the BMP, written out as U+FFFD. */
        if (cp > 0xFFFF) usage_error("unknown option -\xEF\xBF\xBD");
        usage_error("unknown option -%.*s", (int)(p - start), start);
      }
      if (at[1] != ':') {
        options[option_count++] = (option_t){(char)flag, NULL};
        continue;
      }
      if (arg[j + 1] != '\0') {
        options[option_count++] = (option_t){(char)flag, arg + j + 1};
      } else {
        if (i + 1 >= argc) usage_error("option -%c requires a value", flag);
        options[option_count++] = (option_t){(char)flag, argv[++i]};
      }
      break;
    }
  }
  operands = argv + i;
  operand_count = (size_t)(argc - i);
}

/* The value of the last -flag, or NULL. */
static const char *value_of(char flag) {
  const char *v = NULL;
  for (size_t i = 0; i < option_count; i++) {
    if (options[i].flag == flag) v = options[i].value;
  }
  return v;
}

static bool has(char flag) {
  for (size_t i = 0; i < option_count; i++) {
    if (options[i].flag == flag) return true;
  }
  return false;
}

/* parseIntOption: /^-?[0-9]+$/, then Number(text) within [min, 2^53−1]. */
static double parse_int_option(char flag, const char *text, double min) {
  const char *p = text + (text[0] == '-');
  bool digits = *p != '\0';
  for (; *p != '\0'; p++) digits = digits && *p >= '0' && *p <= '9';
  if (!digits) usage_error("option -%c: \"%s\" is not an integer", flag, text);
  double value = js_parse_decimal(text);
  if (value < min || value > MAX_SAFE_INTEGER) {
    char v[40], lo[40], hi[40];
    js_number(value, v), js_number(min, lo), js_number(MAX_SAFE_INTEGER, hi);
    usage_error("option -%c: %s is out of range %s..%s", flag, v, lo, hi);
  }
  return value;
}

/* ---- signals (signals.ts parseSignal over Node's os.constants.signals) ---------------------- */

typedef struct {
  const char *name;
  int number;
} signal_t;

/* In the order of Node's node_constants.cc, so the first name of a number is the canonical one. */
static const signal_t SIGNALS[] = {
  {"SIGHUP", SIGHUP}, {"SIGINT", SIGINT}, {"SIGQUIT", SIGQUIT}, {"SIGILL", SIGILL}, {"SIGTRAP", SIGTRAP},
  {"SIGABRT", SIGABRT},
#ifdef SIGIOT
  {"SIGIOT", SIGIOT},
#endif
  {"SIGBUS", SIGBUS}, {"SIGFPE", SIGFPE}, {"SIGKILL", SIGKILL}, {"SIGUSR1", SIGUSR1}, {"SIGSEGV", SIGSEGV},
  {"SIGUSR2", SIGUSR2}, {"SIGPIPE", SIGPIPE}, {"SIGALRM", SIGALRM}, {"SIGTERM", SIGTERM}, {"SIGCHLD", SIGCHLD},
#ifdef SIGSTKFLT
  {"SIGSTKFLT", SIGSTKFLT},
#endif
  {"SIGCONT", SIGCONT}, {"SIGSTOP", SIGSTOP}, {"SIGTSTP", SIGTSTP}, {"SIGTTIN", SIGTTIN}, {"SIGTTOU", SIGTTOU},
  {"SIGURG", SIGURG}, {"SIGXCPU", SIGXCPU}, {"SIGXFSZ", SIGXFSZ}, {"SIGVTALRM", SIGVTALRM}, {"SIGPROF", SIGPROF},
#ifdef SIGWINCH
  {"SIGWINCH", SIGWINCH},
#endif
#ifdef SIGIO
  {"SIGIO", SIGIO},
#endif
#ifdef SIGPOLL
  {"SIGPOLL", SIGPOLL},
#endif
#ifdef SIGLOST
  {"SIGLOST", SIGLOST},
#endif
#ifdef SIGPWR
  {"SIGPWR", SIGPWR},
#endif
#ifdef SIGINFO
  {"SIGINFO", SIGINFO},
#endif
  {"SIGSYS", SIGSYS},
#ifdef SIGUNUSED
  {"SIGUNUSED", SIGUNUSED},
#endif
};

/* The canonical name of a signal given as "KILL", "sigterm", "9"...; NULL when there is none. */
static const char *parse_signal(const char *text) {
  char *trimmed = js_trim(text);
  size_t n = strlen(trimmed);
  bool numeric = n > 0;
  for (size_t i = 0; i < n; i++) numeric = numeric && trimmed[i] >= '0' && trimmed[i] <= '9';
  if (numeric) {
    double number = js_parse_decimal(trimmed);
    for (size_t i = 0; i < sizeof SIGNALS / sizeof SIGNALS[0]; i++) {
      if ((double)SIGNALS[i].number == number) return SIGNALS[i].name;
    }
    return NULL;
  }
  char *upper = js_upper_ascii(trimmed);
  if (upper == NULL) return NULL;
  buf_t name = {0};
  if (strncmp(upper, "SIG", 3) != 0) buf_puts(&name, "SIG");
  buf_puts(&name, upper);
  for (size_t i = 0; i < sizeof SIGNALS / sizeof SIGNALS[0]; i++) {
    if (strcmp(SIGNALS[i].name, buf_str(&name)) == 0) return SIGNALS[i].name;
  }
  return NULL;
}

/* ---- the -c request ------------------------------------------------------------------------- */

static char *cached_cwd;

/* process.cwd(); Node throws (uncaught) when the directory is gone. */
static const char *cwd(void) {
  if (cached_cwd != NULL) return cached_cwd;
  for (size_t size = 256;; size *= 2) {
    char *b = xmalloc(size);
    if (getcwd(b, size) != NULL) {
      cached_cwd = sanitized(b);
      return cached_cwd;
    }
    free(b);
    if (errno != ERANGE) {
      const char *code = errno == ENOENT ? "ENOENT: no such file or directory" : errno == EACCES ? "EACCES: permission denied" : "EIO: i/o error";
      buf_t m = {0};
      buf_printf(&m, "Error: %s, uv_cwd", code);
      uncaught(buf_str(&m));
    }
  }
}

/* -e VAR=value assignments in order; a later one for the same VAR wins. */
static void add_env_assignments(env_t *env) {
  for (size_t i = 0; i < option_count; i++) {
    if (options[i].flag != 'e') continue;
    const char *v = options[i].value, *eq = strchr(v, '=');
    bool ok = eq != NULL && eq > v && ((*v >= 'A' && *v <= 'Z') || (*v >= 'a' && *v <= 'z') || *v == '_');
    for (const char *p = v; ok && p < eq; p++) ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (!ok) usage_error("option -e: \"%s\" is not VAR=value", v);
    char *name = xmalloc((size_t)(eq - v) + 1);
    memcpy(name, v, (size_t)(eq - v));
    name[eq - v] = '\0';
    env_set(env, name, eq + 1);
  }
}

/* actionArgv: a command line goes through /bin/sh; a plain program is resolved on PATH or cwd. */
static void put_action(buf_t *b, const char *action) {
  buf_putc(b, '[');
  if (js_has_inner_space(action)) {
    buf_t line = {0};
    buf_printf(&line, "%s \"$@\"", action);
    buf_puts(b, "\"/bin/sh\",\"-c\",");
    json_put_string(b, buf_str(&line));
    buf_puts(b, ",\"sh\"]");
    return;
  }
  char *resolved = NULL;
  if (strchr(action, '/') == NULL) {
    char *path = env_get("PATH");
    char *dirs = path == NULL ? xstrdup("") : path;
    for (char *dir = dirs;; ) {
      char *colon = strchr(dir, ':');
      if (colon != NULL) *colon = '\0';
      char *candidate = path_join(dir, action);
      if (access(candidate, X_OK) == 0) {
        resolved = candidate[0] == '/' ? candidate : path_resolve(candidate, cwd());
        break;
      }
      if (colon == NULL) break;
      dir = colon + 1;
    }
  }
  json_put_string(b, resolved != NULL ? resolved : path_resolve(action, cwd()));
  buf_putc(b, ']');
}

static void put_env(buf_t *b, const env_t *env) {
  buf_putc(b, '{');
  for (size_t i = 0; i < env->count; i++) {
    if (i > 0) buf_putc(b, ',');
    json_put_string(b, env->entries[i].name);
    buf_putc(b, ':');
    json_put_string(b, env->entries[i].value);
  }
  buf_putc(b, '}');
}

/* ---- showing a tag (-l) --------------------------------------------------------------------- */

/* shellWord: bare when /^[\w@%+=:,./-]+$/, else single-quoted. */
static void put_shell_word(buf_t *b, const jval_t *word) {
  buf_t w = {0};
  js_put_string_of(&w, word);
  bool bare = w.len > 0;
  for (size_t i = 0; i < w.len && bare; i++) {
    char c = w.data[i];
    bare = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("_@%+=:,./-", c) != NULL;
    bare = bare && c != '\0';
  }
  if (bare) {
    buf_put(b, w.data, w.len);
    return;
  }
  buf_putc(b, '\'');
  for (size_t i = 0; i < w.len; i++) {
    if (w.data[i] == '\'') buf_puts(b, "'\\''");
    else buf_putc(b, w.data[i]);
  }
  buf_putc(b, '\'');
}

static void put_word_text(buf_t *b, const char *text) {
  jval_t v = {J_STRING, 0, (char *)text, strlen(text), 0, NULL, NULL};
  put_shell_word(b, &v);
}

static bool is_string(const jval_t *v) { return v != NULL && v->type == J_STRING; }

/* actionText: the /bin/sh wrapper of actionArgv shows as the command line that was given. */
static void put_action_text(buf_t *b, const jval_t *action) {
  if (action == NULL || action->type != J_ARRAY) uncaught("TypeError: argv.join is not a function");
  const jval_t *const *a = (const jval_t *const *)action->items;
  if (action->count == 4 && is_string(a[0]) && strcmp(a[0]->string, "/bin/sh") == 0 && is_string(a[1]) &&
      strcmp(a[1]->string, "-c") == 0 && is_string(a[3]) && strcmp(a[3]->string, "sh") == 0 && is_string(a[2]) &&
      a[2]->length >= 5 && memcmp(a[2]->string + a[2]->length - 5, " \"$@\"", 5) == 0) {
    jval_t line = *a[2];
    line.length -= 5;
    put_shell_word(b, &line);
    return;
  }
  jval_t joined = {J_STRING, 0, NULL, 0, 0, NULL, NULL};
  buf_t text = {0};
  for (size_t i = 0; i < action->count; i++) {
    if (i > 0) buf_putc(&text, ' ');
    if (a[i]->type != J_NULL) js_put_string_of(&text, a[i]);
  }
  joined.string = (char *)buf_str(&text);
  joined.length = text.len;
  put_shell_word(b, &joined);
}

static void show_tag(const jval_t *s) {
  const jval_t *args = json_get(s, "args"), *env = json_get(s, "env"), *pids = json_get(s, "pids");
  const jval_t *action = json_get(s, "action"), *period = json_get(s, "periodMs"), *level = json_get(s, "childMonitorLevel");
  if (args == NULL || args->type != J_ARRAY) uncaught("TypeError: s.args is not iterable");
  if (env == NULL || env->type != J_OBJECT) uncaught("TypeError: Cannot convert undefined or null to object");
  buf_t out = {0};
  put_word_text(&out, "pmfadm"), buf_putc(&out, ' ');
  put_word_text(&out, "-c"), buf_putc(&out, ' ');
  put_shell_word(&out, json_get(s, "tag"));
  if (action != NULL) buf_puts(&out, " -a "), put_action_text(&out, action);
  buf_puts(&out, " -n "), put_shell_word(&out, json_get(s, "retries"));
  if (period != NULL) {
    jval_t minutes = {J_NUMBER, 0, NULL, 0, 0, NULL, NULL};
    /* s.periodMs / 60_000 with JavaScript's coercion of the odd types (null → 0). */
    double ms = period->type == J_NUMBER ? period->number : period->type == J_TRUE ? 1 : period->type == J_NULL || period->type == J_FALSE ? 0 : NAN;
    minutes.number = ms / 60000.0;
    buf_puts(&out, " -t "), put_shell_word(&out, &minutes);
  }
  if (level != NULL) buf_puts(&out, " -C "), put_shell_word(&out, level);
  buf_putc(&out, ' '), put_shell_word(&out, json_get(s, "command"));
  for (size_t i = 0; i < args->count; i++) buf_putc(&out, ' '), put_shell_word(&out, args->items[i]);
  buf_puts(&out, "\n\tenvironment:\n");

  /* Entries sorted with localeCompare; Array#sort is stable, so insertion sort. */
  size_t n = env->count;
  size_t *order = xmalloc(n * sizeof *order);
  for (size_t i = 0; i < n; i++) {
    size_t j = i;
    while (j > 0 && js_locale_compare(env->keys[order[j - 1]], env->keys[i]) > 0) order[j] = order[j - 1], j--;
    order[j] = i;
  }
  for (size_t i = 0; i < n; i++) {
    buf_printf(&out, "\t\t%s=", env->keys[order[i]]);
    js_put_string_of(&out, env->items[order[i]]);
    buf_putc(&out, '\n');
  }
  buf_puts(&out, "\tretries: "), js_put_string_of(&out, json_get(s, "restartsInWindow"));
  buf_puts(&out, "\n\tmonitor children: ");
  if (level == NULL) buf_puts(&out, "all");
  else buf_puts(&out, "level "), js_put_string_of(&out, level);
  buf_puts(&out, js_truthy(json_get(s, "monitored")) ? "\n\tmonitored: yes" : "\n\tmonitored: no (stopped, not restarted)");
  buf_puts(&out, "\n\tpids: ");
  if (pids == NULL || (pids->type != J_ARRAY && pids->type != J_STRING)) uncaught("TypeError: s.pids.join is not a function");
  if (pids->type == J_STRING) uncaught("TypeError: s.pids.join is not a function");
  for (size_t i = 0; i < pids->count; i++) {
    if (i > 0) buf_putc(&out, ' ');
    if (pids->items[i]->type != J_NULL) js_put_string_of(&out, pids->items[i]);
  }
  buf_putc(&out, '\n');
  write_all(1, out.data, out.len);
}

/* ---- running a command ---------------------------------------------------------------------- */

static const char *socket_path;

static const jval_t *call(const char *route, const buf_t *body, double timeout_ms) {
  call_result_t r = call_endpoint(socket_path, route, body->data, timeout_ms);
  if (r.kind == CALL_OK) return r.result;
  int code = EXIT_ERROR;
  if (r.kind == CALL_REMOTE) {
    if (strcmp(r.code, "no-such-tag") == 0 || strcmp(r.code, "tag-exists") == 0) code = EXIT_NO_TAG;
    else if (strcmp(r.code, "bad-request") == 0) code = EXIT_USAGE;
  }
  fail(code, "%s", r.message);
}

static void need_socket(void) {
  char *s = env_get("FERRY_AGENT_SOCKET");
  if (s == NULL || *s == '\0') fail(EXIT_ERROR, "FERRY_AGENT_SOCKET is not set; run pmfadm from a method or set it to the agent socket");
  socket_path = s;
}

static bool is_local_host(const char *host) {
  char name[256] = "";
  if (gethostname(name, sizeof name - 1) != 0) name[0] = '\0';
  char *node = env_get("FERRY_NODE");
  return strcmp(host, "localhost") == 0 || strcmp(host, "127.0.0.1") == 0 || strcmp(host, sanitized(name)) == 0 ||
         (node != NULL && strcmp(host, node) == 0);
}

static int run_create(const char *tag, double retries, bool has_period, double period_ms) {
  if (operand_count == 0) usage_error("option -c: no command given");
  if (has('e') && has('E')) usage_error("options -e and -E cannot be used together");
  const char *level_text = value_of('C');
  double level = level_text == NULL ? 0 : parse_int_option('C', level_text, 0);
  const char *action = value_of('a');
  buf_t b = {0};
  buf_puts(&b, "{\"tag\":"), json_put_string(&b, tag);
  buf_puts(&b, ",\"command\":"), json_put_string(&b, operands[0]);
  buf_puts(&b, ",\"args\":[");
  for (size_t i = 1; i < operand_count; i++) {
    if (i > 1) buf_putc(&b, ',');
    json_put_string(&b, operands[i]);
  }
  buf_puts(&b, "],\"cwd\":"), json_put_string(&b, cwd());
  buf_puts(&b, ",\"retries\":"), json_put_number(&b, retries);
  buf_puts(&b, has('E') ? ",\"replaceEnv\":true,\"env\":" : ",\"replaceEnv\":false,\"env\":");
  env_t env = defined_env();
  if (!has('E')) {
    /* The agent's environment plus our PATH and, a Ferry addition, our FERRY_* variables. */
    env_t inherited = {NULL, 0};
    for (size_t i = 0; i < env.count; i++) {
      const char *name = env.entries[i].name;
      if (strcmp(name, "PATH") == 0 || strncmp(name, "FERRY_", 6) == 0) env_set(&inherited, name, env.entries[i].value);
    }
    add_env_assignments(&inherited);
    env = inherited;
  }
  put_env(&b, &env);
  if (has_period) buf_puts(&b, ",\"periodMs\":"), json_put_number(&b, period_ms);
  if (action != NULL) buf_puts(&b, ",\"action\":"), put_action(&b, action);
  if (level_text != NULL) buf_puts(&b, ",\"childMonitorLevel\":"), json_put_number(&b, level);
  buf_putc(&b, '}');
  need_socket();
  call("pmf.start", &b, 30000);
  return EXIT_OK;
}

static int run_signal(char mode, const char *tag) {
  if (operand_count > 1) usage_error("option -%c: unexpected \"%s\" after the signal", mode, operands[1]);
  const char *signal_text = operand_count == 1 ? operands[0] : NULL;
  const char *signal = signal_text == NULL ? NULL : parse_signal(signal_text);
  if (signal_text != NULL && signal == NULL) usage_error("unknown signal \"%s\"", signal_text);
  const char *wait_text = value_of('w');
  double wait_ms = wait_text == NULL ? 0 : parse_int_option('w', wait_text, 0) * 1000;
  if (signal == NULL && mode == 'k') signal = "SIGKILL";
  buf_t b = {0};
  buf_puts(&b, "{\"tag\":"), json_put_string(&b, tag);
  buf_puts(&b, mode == 's' ? ",\"stopMonitoring\":true" : ",\"stopMonitoring\":false");
  if (signal != NULL) buf_puts(&b, ",\"signal\":"), json_put_string(&b, signal);
  if (wait_text != NULL) buf_puts(&b, ",\"waitMs\":"), json_put_number(&b, wait_ms);
  buf_putc(&b, '}');
  need_socket();
  const jval_t *answer = call("pmf.signal", &b, (wait_text == NULL ? 0 : wait_ms) + 30000);
  if (wait_text != NULL) {
    if (answer == NULL || answer->type == J_NULL) {
      uncaught(answer == NULL ? "TypeError: Cannot read properties of undefined (reading 'exited')"
                              : "TypeError: Cannot read properties of null (reading 'exited')");
    }
    if (!js_truthy(json_get(answer, "exited"))) {
      char seconds[40];
      js_number(wait_ms / 1000, seconds);
      buf_t m = {0};
      buf_printf(&m, "pmfadm: nametag %s did not exit within %s s\n", tag, seconds);
      write_all(2, m.data, m.len);
      return EXIT_TIMED_OUT;
    }
  }
  return EXIT_OK;
}

static int run_modify(const char *tag, bool has_retries, double retries, bool has_period, bool period_unbounded, double period_ms) {
  if (operand_count > 0) usage_error("option -m: unexpected \"%s\"", operands[0]);
  if (!has_retries && !has_period) usage_error("option -m needs -n or -t");
  buf_t b = {0};
  buf_puts(&b, "{\"tag\":"), json_put_string(&b, tag);
  if (has_retries) buf_puts(&b, ",\"retries\":"), json_put_number(&b, retries);
  if (has_period && period_unbounded) buf_puts(&b, ",\"periodMs\":null");
  else if (has_period) buf_puts(&b, ",\"periodMs\":"), json_put_number(&b, period_ms);
  buf_putc(&b, '}');
  need_socket();
  call("pmf.modify", &b, 30000);
  return EXIT_OK;
}

static int run_status(char mode, const char *tag) {
  if (operand_count > 0) usage_error("unexpected \"%s\"", operands[0]);
  buf_t b = {0};
  need_socket();
  if (mode == 'L') {
    buf_puts(&b, "{}");
    const jval_t *answer = call("pmf.list", &b, 30000);
    if (answer == NULL || answer->type == J_NULL) {
      uncaught(answer == NULL ? "TypeError: Cannot destructure property 'tags' of '(intermediate value)' as it is undefined."
                              : "TypeError: Cannot destructure property 'tags' of '(intermediate value)' as it is null.");
    }
    const jval_t *tags = json_get(answer, "tags");
    if (tags == NULL || tags->type != J_ARRAY) uncaught("TypeError: tags.map is not a function");
    buf_t out = {0};
    buf_puts(&out, "tags:");
    for (size_t i = 0; i < tags->count; i++) buf_putc(&out, ' '), js_put_string_of(&out, tags->items[i]);
    buf_putc(&out, '\n');
    write_all(1, out.data, out.len);
    return EXIT_OK;
  }
  buf_puts(&b, "{\"tag\":"), json_put_string(&b, tag), buf_putc(&b, '}');
  const jval_t *s = call("pmf.status", &b, 30000);
  if (mode == 'q') {
    if (s == NULL) uncaught("TypeError: Cannot read properties of undefined (reading 'running')");
    return s->type != J_NULL && js_truthy(json_get(s, "running")) ? EXIT_OK : EXIT_NO_TAG;
  }
  if (s != NULL && s->type == J_NULL) fail(EXIT_NO_TAG, "nametag %s does not exist", tag);
  if (s == NULL) uncaught("TypeError: Cannot read properties of undefined (reading 'action')");
  show_tag(s);
  return EXIT_OK;
}

int main(int argc, char **argv) {
  /* Node ignores SIGPIPE; a reader that went away must not kill us either. */
  signal(SIGPIPE, SIG_IGN);
  /* Node sees argv (and the environment) as UTF-8 with U+FFFD for anything invalid. */
  char **args = xmalloc((size_t)argc * sizeof *args + 1);
  for (int i = 1; i < argc; i++) args[i - 1] = sanitized(argv[i]);
  getopt_ts(argc - 1, args);

  const option_t *mode = NULL;
  size_t modes = 0;
  for (size_t i = 0; i < option_count; i++) {
    if (strchr(MODES, options[i].flag) != NULL) mode = modes++ == 0 ? &options[i] : mode;
  }
  if (modes != 1) {
    usage_error(modes == 0 ? "one of -c, -k, -s, -m, -q, -l, -L is required" : "only one of -c, -k, -s, -m, -q, -l, -L may be given");
  }
  const char *tag = mode->value == NULL ? "" : mode->value;
  if (mode->flag != 'L' && *tag == '\0') usage_error("option -%c: the nametag is empty", mode->flag);
  for (size_t i = 0; i < option_count; i++) {
    if (&options[i] != mode && strchr(allowed_with(mode->flag), options[i].flag) == NULL) {
      usage_error("option -%c cannot be used with -%c", options[i].flag, mode->flag);
    }
  }
  const char *host = value_of('h');
  if (host != NULL && !is_local_host(host)) fail(EXIT_ERROR, "-h %s: only the local node can be managed", host);
  const char *retries_text = value_of('n'), *period_text = value_of('t');
  double retries = retries_text == NULL ? 0 : parse_int_option('n', retries_text, -1);
  double period_min = period_text == NULL ? 0 : parse_int_option('t', period_text, -1);
  if (period_text != NULL && period_min == 0) usage_error("option -t: the period must be a positive number of minutes or -1");
  bool period_unbounded = period_text != NULL && period_min == -1;
  double period_ms = period_min * 60000;

  switch (mode->flag) {
    case 'c': return run_create(tag, retries, period_text != NULL && !period_unbounded, period_ms);
    case 'k':
    case 's': return run_signal(mode->flag, tag);
    case 'm': return run_modify(tag, retries_text != NULL, retries, period_text != NULL, period_unbounded, period_ms);
    default: return run_status(mode->flag, tag);
  }
}
