// How the scha_* commands print an answer (scha_cmds(1HA), spec §5.1). CommonJS (.cts) like
// codes.cts, for the commands' start-up time; ES modules use it through format.ts. Imports only types.
import type { SchaScalar, SchaValue } from './wire.js' with { 'resolution-mode': 'import' };

/**
 * The output lines of one answer: one value a line; booleans TRUE/FALSE; a NULL string prints
 * nothing; a string array one element a line; STATUS two lines (status, then the message, empty
 * when there is none); EXTENSION the property type on the first line, then the value's lines.
 */
function formatSchaValue(v: SchaValue): string[] {
  switch (v.kind) {
    case 'status': return [v.status, v.message ?? ''];
    case 'extension': return [v.type, ...(v.value === undefined ? [] : formatScalar(v.value))];
    default: return formatScalar(v);
  }
}

function formatScalar(v: SchaScalar): string[] {
  switch (v.kind) {
    case 'string': return v.value === undefined || v.value === '' ? [] : [v.value];
    case 'int': return [String(v.value)];
    case 'boolean': return [v.value ? 'TRUE' : 'FALSE'];
    case 'enum': return [v.value];
    case 'array': return [...v.values];
  }
}

/** The text a command writes to stdout: the lines, each ended by a newline. */
const schaOutput = (v: SchaValue): string => formatSchaValue(v).map((l) => `${l}\n`).join('');

export = { formatSchaValue, schaOutput };
