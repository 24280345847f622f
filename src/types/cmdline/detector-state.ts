import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckVerdict } from './exit-codes.js';

/**
 * Small per-node files the Cmdline methods share: the last Check verdict of each resource (for
 * HV_LAST_DET_REPORT) and the token of the checker loop that currently owns the resource (a loop
 * whose token is gone or replaced ends itself). They live next to the node's agent socket.
 */
export class DetectorState {
  private readonly dir: string;

  constructor(env: Readonly<Record<string, string | undefined>>, private readonly resource: string) {
    const socket = env['FERRY_AGENT_SOCKET'];
    this.dir = socket !== undefined
      ? join(dirname(socket), 'cmdline')
      : join('/tmp', 'ferry-cmdline', env['FERRY_CLUSTER'] ?? 'local', env['FERRY_NODE'] ?? 'node');
  }

  private file(suffix: string): string {
    return join(this.dir, `${this.resource.replace(/[^A-Za-z0-9_.-]/g, '_')}.${suffix}`);
  }

  lastVerdict(): CheckVerdict | undefined {
    try { return readFileSync(this.file('report'), 'utf8').trim() as CheckVerdict; } catch { return undefined; }
  }

  saveVerdict(v: CheckVerdict): void {
    this.write('report', v);
  }

  checkerToken(): string | undefined {
    try { return readFileSync(this.file('checker'), 'utf8').trim(); } catch { return undefined; }
  }

  claimChecker(token: string): void {
    this.write('checker', token);
  }

  releaseChecker(): void {
    rmSync(this.file('checker'), { force: true });
  }

  private write(suffix: string, text: string): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(this.file(suffix), `${text}\n`);
    } catch {
      // Best effort: the state only enriches HV_LAST_DET_REPORT and ends stale loops sooner.
    }
  }
}
