/**
 * Exit codes of every ferry command (documented in the README):
 *   0 success · 1 the operation failed or was refused · 2 usage error (bad option or argument)
 *   3 the cluster could not be reached · 4 the operation timed out while waiting
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3, timeout: 4 } as const;

/** An error shown to the user as one line, with its exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.failed, readonly details: readonly string[] = []) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError(message, EXIT.usage);
