import type { TargetKey, UserApplicationScript } from '../model/index.js';
import type { Analysis } from './analysis.js';
import type { GroupInfo } from './cluster-index.js';
import type { Collector } from './proposal.js';
import { entryOf, groupRuntime, occupies, unavailability } from './runtime.js';

/** Seconds a userApplication script may run (RMS has no per-application default we could verify; Cmdline's 300 s). */
export const SCRIPT_TIMEOUT_S = 300;

const PRE_ONLINE: readonly UserApplicationScript[] = ['PreCheckScript', 'PreOnlineScript'];

/**
 * userApplication scripts (primecluster §1.3, §4.2, §4.3): PreCheckScript then PreOnlineScript before
 * its resources start on a node (a non-zero exit faults the application there), PostOnlineScript
 * once it is online; PreOfflineScript before its resources stop, OfflineDoneScript once it is
 * offline; FaultScript when it faults.
 */
export function scriptWait(a: Analysis, gi: GroupInfo, t: TargetKey, dir: 'up' | 'down'): string | undefined {
  if (!gi.rms) return undefined;
  const pass = groupRuntime(a.ix, gi.name).scripts?.[t];
  if (pass?.inFlight) return `${gi.name} waits for its ${pass.inFlight.script} on ${t}`;
  if (dir === 'up') {
    const done = pass?.direction === 'up' ? pass.done : [];
    const missing = PRE_ONLINE.find((s) => gi.scripts[s] !== undefined && !done.includes(s));
    return missing === undefined ? undefined : `${gi.name} waits for its ${missing} on ${t}`;
  }
  if (a.placement(gi).masters.includes(t) || gi.scripts.PreOfflineScript === undefined) return undefined;
  const done = pass?.direction === 'down' ? pass.done : [];
  return done.includes('PreOfflineScript') ? undefined : `${gi.name} waits for its PreOfflineScript on ${t}`;
}

export function scriptActions(a: Analysis, out: Collector, frozen: ReadonlySet<string>): void {
  for (const gi of a.ix.groupList) {
    if (!gi.rms || frozen.has(gi.name) || !gi.g.managed) continue;
    const passes = groupRuntime(a.ix, gi.name).scripts ?? {};
    if (Object.keys(gi.scripts).length === 0 && Object.keys(passes).length === 0) continue;
    const p = a.placement(gi);
    const targets = new Set<TargetKey>([...p.masters, ...p.occ.targets, ...Object.keys(passes)]);
    for (const t of [...targets].sort()) {
      const pass = passes[t];
      if (pass?.inFlight || unavailability(a.ix, t) !== undefined) continue;
      const run = (script: UserApplicationScript, reason: string): void => {
        const command = gi.scripts[script];
        if (command !== undefined) out.add({ kind: 'run-script', group: gi.name, target: t, script, command, timeoutS: SCRIPT_TIMEOUT_S, reason });
      };
      if (pass?.faultPending && gi.scripts.FaultScript !== undefined) { run('FaultScript', `${gi.name} faulted on ${t}`); continue; }
      const resourcesThere = gi.resources.some((ri) => occupies(entryOf(a.ix, ri.name, t)));
      if (p.masters.includes(t)) {
        if (a.groupStartWait(gi, t) !== undefined) continue;
        if (pass?.direction === 'down' && resourcesThere) continue;
        const done = pass?.direction === 'up' ? pass.done : [];
        const next = PRE_ONLINE.find((s) => gi.scripts[s] !== undefined && !done.includes(s));
        const arrive = p.arriveWhy.get(t) ?? `${gi.name} goes online on ${t}`;
        if (next !== undefined) run(next, `before its resources start: ${arrive}`);
        else if (gi.scripts.PostOnlineScript !== undefined && !done.includes('PostOnlineScript') && a.groupUpOn(gi, t)) run('PostOnlineScript', `${gi.name} is online on ${t}`);
        continue;
      }
      const done = pass?.direction === 'down' ? pass.done : [];
      const leave = p.leaveWhy.get(t) ?? `${gi.name} goes offline on ${t}`;
      if (resourcesThere) {
        if (gi.scripts.PreOfflineScript !== undefined && !done.includes('PreOfflineScript')) run('PreOfflineScript', `before its resources stop: ${leave}`);
      } else if (pass) {
        if (gi.scripts.OfflineDoneScript !== undefined && !done.includes('OfflineDoneScript')) run('OfflineDoneScript', `${gi.name} is offline on ${t}`);
        else out.add({ kind: 'recover', incident: `scripts:${gi.name}:${t}`, group: gi.name, effects: [{ kind: 'end-scripts', group: gi.name, target: t }], reason: `${gi.name} did not go online on ${t} after its pre-online scripts; that pass is over` });
      }
    }
  }
}
