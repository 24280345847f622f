/*
 * The client half of the agent endpoint, as src/agent/endpoint/client.ts: one HTTP/1.1 POST of a JSON
 * body to /<route> over the Unix socket, one connection per call, the answer
 * { ok: true, result } or { ok: false, error: { code, message } }.
 */
#ifndef PMFADM_ENDPOINT_H
#define PMFADM_ENDPOINT_H

#include "json.h"

typedef enum { CALL_OK, CALL_UNREACHABLE, CALL_TIMEOUT, CALL_PROTOCOL, CALL_REMOTE } call_kind_t;

typedef struct {
  call_kind_t kind;
  /** The handler's code for CALL_REMOTE (e.g. "no-such-tag"). */
  const char *code;
  /** One line for the user (EndpointCallError's message); NULL when kind is CALL_OK. */
  const char *message;
  /** The handler's result when CALL_OK; NULL when the answer had none (undefined). */
  const jval_t *result;
} call_result_t;

/**
 * Calls `route` with the JSON `payload` and waits at most `timeout_ms` (> 0) for the whole exchange.
 * Like the Node client, a timeout beyond 2^31−1 ms is cut to 1 ms with Node's TimeoutOverflowWarning.
 */
call_result_t call_endpoint(const char *socket_path, const char *route, const char *payload, double timeout_ms);

#endif
