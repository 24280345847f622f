import { Command, CommanderError } from 'commander';
import { registerApplyCommands } from './commands/apply.js';
import { registerAppCommands } from './commands/app.js';
import { registerNodeCommands, registerNodeFailureCommands } from './commands/node.js';
import { registerRgCommands } from './commands/rg.js';
import { registerRsCommands } from './commands/rs.js';
import { registerRtCommands } from './commands/rt.js';
import { registerStatusCommands } from './commands/status.js';
import { registerSimulateCommands } from './commands/simulate.js';
import { CliError, EXIT } from './errors.js';

/** The `ferry` admin CLI; the composition root adds the commands that start processes (up, demo). */
export function buildProgram(version: string): Command {
  const program = new Command('ferry')
    .description('Ferry: a high-availability cluster resource manager (Sun Cluster data services and PRIMECLUSTER RMS)')
    .version(version, '-V, --version')
    .option('--json', 'machine-readable output')
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError(false)
    .exitOverride();
  program.configureOutput({ writeErr: () => undefined });
  registerRtCommands(program);
  registerRgCommands(program);
  registerAppCommands(program);
  registerRsCommands(program);
  registerNodeCommands(program);
  registerNodeFailureCommands(program);
  registerStatusCommands(program);
  registerApplyCommands(program);
  registerSimulateCommands(program);
  return program;
}

/** Parses argv and runs the command; maps every error to one line on stderr and an exit code. */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  applyExitOverride(program);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      process.stderr.write(`ferry: ${err.message.replace(/^error: /, '')}\n`);
      return EXIT.usage;
    }
    if (err instanceof CliError) {
      process.stderr.write(`ferry: ${err.message}\n`);
      for (const d of err.details) process.stderr.write(`  ${d}\n`);
      return err.exitCode;
    }
    if (argv.includes('--debug')) process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.stderr.write(`ferry: ${(err as Error).message ?? String(err)}\n`);
    return EXIT.failed;
  }
}

function applyExitOverride(cmd: Command): void {
  cmd.exitOverride();
  cmd.configureOutput({ writeErr: () => undefined, writeOut: (s) => process.stdout.write(s) });
  for (const sub of cmd.commands) applyExitOverride(sub);
}
