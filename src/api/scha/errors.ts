// The scha_err_t codes for ES modules; they live in codes.cts (CommonJS, shared with the scha_*
// commands, which must start fast).
import codes from './codes.cjs';

export const { SCHA_ERRORS, SCHA_ERROR_TEXT, isSchaErrorCode, schaExitCode, SchaError } = codes;
/** A scha_err_t symbol (`SCHA_ERR_CHECKS`). */
export type SchaErrorCode = keyof typeof SCHA_ERRORS;
/** A refusal with its scha_err_t code. */
export type SchaError = InstanceType<typeof SchaError>;
