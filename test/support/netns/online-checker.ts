import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A resource instance seen running on two nodes at once. */
export interface Overlap { readonly resource: string; readonly nodes: readonly string[]; readonly atMs: number }

/**
 * The independent safety checker: every `intervalMs` it looks at the mm methods' pid files
 * (<resource>@<node>.pid) and at /proc — a pid counts only while that process lives and its command
 * line carries the instance's mark — and records every moment a resource runs on two nodes.
 * It knows nothing of Ferry's own state.
 */
export class OnlineChecker {
  readonly overlaps: Overlap[] = [];
  private timer: NodeJS.Timeout | undefined;
  private samples = 0;

  constructor(private readonly stateDir: string, private readonly intervalMs = 10) {}

  start(): this {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get sampleCount(): number {
    return this.samples;
  }

  /** Nodes on which `resource` runs right now. */
  onlineNodes(resource: string): string[] {
    return this.snapshot().get(resource) ?? [];
  }

  private sample(): void {
    this.samples++;
    for (const [resource, nodes] of this.snapshot()) {
      if (nodes.length > 1) this.overlaps.push({ resource, nodes, atMs: Date.now() });
    }
  }

  private snapshot(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    let files: string[] = [];
    try { files = readdirSync(this.stateDir).filter((f) => f.endsWith('.pid')); } catch { return out; }
    for (const f of files) {
      const instance = f.slice(0, -4);
      const at = instance.lastIndexOf('@');
      if (at < 0) continue;
      const pid = read(join(this.stateDir, f)).trim();
      if (!/^\d+$/.test(pid)) continue;
      if (!read(`/proc/${pid}/cmdline`).includes(`ferry-mm-${instance}`)) continue;
      const state = read(`/proc/${pid}/stat`).replace(/^.*\) /, '').charAt(0);
      if (state === 'Z' || state === '') continue;
      const resource = instance.slice(0, at);
      out.set(resource, [...(out.get(resource) ?? []), instance.slice(at + 1)]);
    }
    return out;
  }
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
