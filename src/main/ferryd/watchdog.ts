import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const WATCHDOG_MAIN = fileURLToPath(new URL('./watchdog-main.js', import.meta.url));

/**
 * ferryd's side of the watchdog process (see watchdog-main.ts): `arm(deadline)` after every
 * acknowledged lease renewal, `disarm()` when nothing needs fencing. The watchdog lives in its own
 * process group, so that a signal to ferryd's group does not take it along.
 */
export class Watchdog {
  private readonly child: ChildProcess;
  private lastLine = '';

  /** `logFile` receives the watchdog's own lines (it must outlive ferryd, so not ferryd's stderr). */
  constructor(clusterId: string, node: string, logFile: string, log: (line: string) => void) {
    const fd = openSync(logFile, 'a');
    this.child = spawn(process.execPath, [WATCHDOG_MAIN, clusterId, node], { stdio: ['pipe', 'ignore', fd], detached: true });
    closeSync(fd);
    this.child.stdin?.on('error', () => undefined);
    this.child.on('exit', (code, signal) => {
      if (!this.isClosing) log(`watchdog exited unexpectedly (${signal ?? code ?? '?'})`);
    });
    this.child.unref();
  }

  private isClosing = false;

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The node must have fenced itself by this monotonic time (ms, see monotonicMs). */
  arm(deadlineMs: number): void {
    this.send(`arm ${deadlineMs.toFixed(1)}`);
  }

  disarm(): void {
    this.send('disarm');
  }

  /** Disarms and ends the watchdog (an orderly stop, after the node's resources were stopped). */
  async close(): Promise<void> {
    this.isClosing = true;
    this.send('disarm');
    const exited = new Promise<void>((r) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) r();
      else this.child.once('exit', () => r());
    });
    this.child.stdin?.end();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  }

  private send(line: string): void {
    if (line === this.lastLine || this.child.stdin?.writable !== true) return;
    this.lastLine = line;
    this.child.stdin.write(`${line}\n`);
  }
}
