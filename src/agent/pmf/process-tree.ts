import type { ProcEntry } from '../method-runner/index.js';

interface Member {
  readonly startTime: number;
  /** Fork depth below the started process (0); 1 when only the process group tells us it belongs. */
  readonly depth: number;
}

/**
 * The set of processes descended from one started command, kept up to date from /proc snapshots.
 * A process belongs when it is in the command's process group, or when its parent belongs (so a
 * daemon that called setsid is still found if it was seen before its parent exited, or is a child
 * of a member). Once seen, a process stays a member until it exits, even after it is reparented.
 * (pid, start time) pairs guard against pid reuse. What is missed: a process that double-forks
 * *and* leaves the group between two scans; cgroups would close that gap (see README).
 */
export class ProcessTree {
  private readonly members = new Map<number, Member>();
  /** Set once no process with our pgid is left: pgid matches after that are a reused number. */
  private groupEnded = false;

  constructor(readonly pgid: number, private readonly maxDepth = Number.POSITIVE_INFINITY) {}

  update(table: ReadonlyMap<number, ProcEntry>): void {
    for (const [pid, m] of this.members) {
      const p = table.get(pid);
      if (p === undefined || p.startTime !== m.startTime || p.state === 'Z') this.members.delete(pid);
    }
    // Only the group's processes and the members' children can join: look those up in an index of
    // the snapshot (shared by every tree updated from it) instead of walking the whole table.
    const index = indexOf(table);
    const byStart = (a: ProcEntry, b: ProcEntry): number => a.startTime - b.startTime || a.pid - b.pid;
    const queue: number[] = [...this.members.keys()];
    const join = (p: ProcEntry): void => {
      if (p.state === 'Z' || this.members.has(p.pid)) return;
      const parent = this.members.get(p.ppid);
      if (parent !== undefined && p.startTime >= parent.startTime) {
        this.members.set(p.pid, { startTime: p.startTime, depth: parent.depth + 1 });
      } else if (p.pgid === this.pgid && !this.groupEnded) {
        this.members.set(p.pid, { startTime: p.startTime, depth: p.pid === this.pgid ? 0 : 1 });
      } else return;
      queue.push(p.pid);
    };
    if (!this.groupEnded) for (const p of [...(index.byPgid.get(this.pgid) ?? [])].sort(byStart)) join(p);
    for (let i = 0; i < queue.length; i++) {
      for (const child of [...(index.byPpid.get(queue[i] as number) ?? [])].sort(byStart)) join(child);
    }
    let groupSeen = false;
    for (const [pid] of this.members) if (table.get(pid)?.pgid === this.pgid) groupSeen = true;
    if (!groupSeen) this.groupEnded = true;
  }

  /** Processes that keep the tag alive: members within the `-C` depth limit. */
  monitoredPids(): number[] {
    return [...this.members].filter(([, m]) => m.depth <= this.maxDepth).map(([pid]) => pid).sort((a, b) => a - b);
  }

  /** Every member, including those deeper than the `-C` limit (they still receive signals). */
  allPids(): number[] {
    return [...this.members.keys()].sort((a, b) => a - b);
  }
}

interface ProcIndex {
  readonly byPpid: ReadonlyMap<number, readonly ProcEntry[]>;
  readonly byPgid: ReadonlyMap<number, readonly ProcEntry[]>;
}

const indexes = new WeakMap<ReadonlyMap<number, ProcEntry>, ProcIndex>();

/** Processes of a snapshot by parent and by process group, built once per snapshot. */
function indexOf(table: ReadonlyMap<number, ProcEntry>): ProcIndex {
  let index = indexes.get(table);
  if (index === undefined) {
    const byPpid = new Map<number, ProcEntry[]>();
    const byPgid = new Map<number, ProcEntry[]>();
    for (const p of table.values()) {
      const siblings = byPpid.get(p.ppid);
      if (siblings === undefined) byPpid.set(p.ppid, [p]);
      else siblings.push(p);
      const group = byPgid.get(p.pgid);
      if (group === undefined) byPgid.set(p.pgid, [p]);
      else group.push(p);
    }
    index = { byPpid, byPgid };
    indexes.set(table, index);
  }
  return index;
}
