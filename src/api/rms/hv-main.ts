import { UsageError } from '../../agent/method-runner/getopt.js';
import { HV_EXIT, HvError } from './hv-client.js';

/**
 * The frame of every hv* command: runs `body` with the arguments, prints a failure as one line
 * `<command>: <message>` on stderr (a usage error followed by the usage), and sets the exit status.
 */
export async function runHv(command: string, usage: string, body: (argv: readonly string[]) => Promise<void>): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  try {
    await body(argv);
    process.exitCode = HV_EXIT.ok;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${command}: ${err.message}\n${usage}\n`);
      process.exitCode = HV_EXIT.usage;
    } else if (err instanceof HvError) {
      process.stderr.write(`${command}: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`${command}: ${(err as Error).message ?? String(err)}\n`);
      process.exitCode = HV_EXIT.failed;
    }
  }
}

export const say = (line: string): void => { process.stdout.write(`${line}\n`); };
