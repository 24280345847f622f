/**
 * POSIX getopt(3) for the Solaris-compatible commands (`pmfadm`, `hatimerun`): short options only,
 * clustered flags (`-adv`), values attached or separate (`-t10`, `-t 10`), `--` ends the options,
 * and parsing stops at the first operand so that `command args…` keep their own options.
 * A dependency-free hand-written parser because these binaries must start fast and Node's
 * `util.parseArgs` cannot stop at the first operand.
 */
export interface ParsedOptions {
  /** Options in command-line order; `value` is set for options declared with `:`. */
  readonly options: readonly { readonly flag: string; readonly value?: string }[];
  /** Everything from the first operand (or after `--`) on. */
  readonly operands: readonly string[];
}

/** Bad command-line syntax; `message` is one line for the user, without the program name. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `spec` lists option letters, a letter followed by `:` takes a value (as in getopt(3)). */
export function getopt(argv: readonly string[], spec: string): ParsedOptions {
  const options: { flag: string; value?: string }[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    for (let j = 1; j < arg.length; j++) {
      const flag = arg.charAt(j);
      const at = spec.indexOf(flag);
      if (flag === ':' || at < 0) throw new UsageError(`unknown option -${flag}`);
      if (spec.charAt(at + 1) !== ':') {
        options.push({ flag });
        continue;
      }
      const rest = arg.slice(j + 1);
      if (rest.length > 0) {
        options.push({ flag, value: rest });
      } else {
        const next = argv[i + 1];
        if (next === undefined) throw new UsageError(`option -${flag} requires a value`);
        options.push({ flag, value: next });
        i++;
      }
      break;
    }
  }
  return { options, operands: argv.slice(i) };
}

/**
 * Parses a decimal integer option value within [min, max]; throws a UsageError naming the option.
 * Accepts an optional leading `-` (for `-n -1`) and nothing else: no blanks, no `0x`, no fractions.
 */
export function parseIntOption(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^-?[0-9]+$/.test(text)) throw new UsageError(`option -${flag}: "${text}" is not an integer`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`option -${flag}: ${value} is out of range ${min}..${max}`);
  return value;
}
