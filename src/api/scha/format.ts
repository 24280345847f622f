// How the scha_* commands print an answer, for ES modules; it lives in output.cts (CommonJS,
// shared with the scha_* commands, which must start fast).
import output from './output.cjs';

export const { formatSchaValue, schaOutput } = output;
