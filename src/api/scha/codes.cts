// The scha_err_t codes: what every scha_* command exits with and what every scha route answers.
// CommonJS (.cts) on purpose: the scha_* commands are CommonJS, which starts some 10 ms faster
// than ES modules, and an agent's probe runs them in a loop (bench/scha.bench.ts). ES modules
// use it through errors.ts. Imports nothing.

/**
 * scha_err_t symbols and their numbers (also the exit status of the scha_* commands). The symbols
 * are Sun Cluster's; the numbers follow the enum order recalled in spec §5.8 — no public copy of
 * scha_err.h or of the RETURN VALUES table of scha_calls(3HA) could be read, so they are
 * unverified (see src/api/scha/README.md for the sources that were checked).
 */
const SCHA_ERRORS = {
  SCHA_ERR_NOERR: 0,
  SCHA_ERR_NOMEM: 1,
  SCHA_ERR_HANDLE: 2,
  SCHA_ERR_INVAL: 3,
  SCHA_ERR_TAG: 4,
  SCHA_ERR_RECONF: 5,
  SCHA_ERR_ACCESS: 6,
  SCHA_ERR_SEQID: 7,
  SCHA_ERR_DEPEND: 8,
  SCHA_ERR_STATE: 9,
  SCHA_ERR_METHOD: 10,
  SCHA_ERR_NODE: 11,
  SCHA_ERR_RG: 12,
  SCHA_ERR_RSRC: 13,
  SCHA_ERR_RT: 14,
  SCHA_ERR_PROP: 15,
  SCHA_ERR_CHECKS: 16,
  SCHA_ERR_RSTATUS: 17,
  SCHA_ERR_INTERNAL: 18,
} as const;

type SchaErrorCode = keyof typeof SCHA_ERRORS;

/** scha_strerror(3HA): the short English text of each code. */
const SCHA_ERROR_TEXT: Readonly<Record<SchaErrorCode, string>> = {
  SCHA_ERR_NOERR: 'no error',
  SCHA_ERR_NOMEM: 'not enough memory',
  SCHA_ERR_HANDLE: 'invalid handle',
  SCHA_ERR_INVAL: 'invalid argument',
  SCHA_ERR_TAG: 'invalid optag',
  SCHA_ERR_RECONF: 'cluster is reconfiguring; try again',
  SCHA_ERR_ACCESS: 'permission denied',
  SCHA_ERR_SEQID: 'object changed since it was read',
  SCHA_ERR_DEPEND: 'dependency problem',
  SCHA_ERR_STATE: 'object is in the wrong state',
  SCHA_ERR_METHOD: 'invalid method',
  SCHA_ERR_NODE: 'invalid node',
  SCHA_ERR_RG: 'invalid resource group',
  SCHA_ERR_RSRC: 'invalid resource',
  SCHA_ERR_RT: 'invalid resource type',
  SCHA_ERR_PROP: 'invalid property',
  SCHA_ERR_CHECKS: 'sanity checks failed; request refused',
  SCHA_ERR_RSTATUS: 'invalid resource status',
  SCHA_ERR_INTERNAL: 'internal error',
};

const isSchaErrorCode = (s: unknown): s is SchaErrorCode => typeof s === 'string' && Object.hasOwn(SCHA_ERRORS, s);

/** The exit status for a code; anything unknown is SCHA_ERR_INTERNAL. */
function schaExitCode(code: string): number {
  return isSchaErrorCode(code) ? SCHA_ERRORS[code] : SCHA_ERRORS.SCHA_ERR_INTERNAL;
}

/** A refusal with its scha_err_t code; `message` is one line naming what was wrong. */
class SchaError extends Error {
  override readonly name = 'SchaError';
  constructor(readonly code: SchaErrorCode, message: string) {
    super(message);
  }

  get exitCode(): number {
    return SCHA_ERRORS[this.code];
  }
}

export = { SCHA_ERRORS, SCHA_ERROR_TEXT, isSchaErrorCode, schaExitCode, SchaError };
