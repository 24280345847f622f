import type { NodeName } from '../model/index.js';
import { parseNodeTarget } from '../model/index.js';
import type { Analysis } from './analysis.js';
import { ineligibility } from './placement.js';
import type { Collector } from './proposal.js';

/**
 * STOP_FAILED handling (spec §2.2, §4.3; primecluster §2.1 HaltFlag, §4.5 step 5): with Failover_mode
 * HARD, or a userApplication with HaltFlag=yes, the node is fenced so the group can start elsewhere;
 * HaltFlag is ignored when no other node could take the application (message UAP-3); a forced switch
 * (hvswitch -f) kills the node whatever HaltFlag says (primecluster §4.7). Otherwise the
 * group stays ERROR_STOP_FAILED until an administrator clears the flag.
 */
export function fencingActions(a: Analysis, out: Collector): void {
  const fence = new Map<NodeName, string>();
  for (const ri of a.ix.resourceList) {
    const targets = a.ix.status.resources[ri.name]?.targets;
    if (!targets) continue;
    for (const t in targets) {
      const e = targets[t];
      if (e?.state !== 'STOP_FAILED') continue;
      const node = parseNodeTarget(t).node;
      const m = a.ix.status.nodes[node];
      const gi = ri.group;
      const subject = `group ${gi.name}`;
      if (m?.fencing) { out.note(subject, `${gi.name} is ERROR_STOP_FAILED on ${t}: waiting for the fencing of ${node}`); continue; }
      const hard = ri.failoverMode === 'HARD';
      const forced = gi.rms && a.ix.status.groups[gi.name]?.request?.forced === true;
      const halt = gi.rms && (gi.haltFlag || forced);
      if (!hard && !halt) {
        const rule = gi.rms ? 'HaltFlag=no' : `Failover_mode=${ri.failoverMode}`;
        out.note(subject, `${gi.name} is ERROR_STOP_FAILED on ${t} (${ri.name}: ${e.statusMessage ?? 'Stop failed'}); ${rule}: it stays there until the flag is cleared (make sure ${ri.name} is stopped, then clear it)`);
        continue;
      }
      if (!hard && !forced) {
        const others = gi.nodelist.filter((x) => parseNodeTarget(x).node !== node && ineligibility(a.ix, gi, a.placements, x, true, false) === undefined);
        if (others.length === 0) {
          out.note(subject, `${gi.name} failed to go offline on ${t}; HaltFlag=yes, but no other node could take it, so ${node} is not halted (UAP-3)`);
          continue;
        }
      }
      if (!fence.has(node)) {
        const why = hard ? `Failover_mode=HARD` : forced ? 'forced switch (hvswitch -f)' : `HaltFlag=yes`;
        fence.set(node, `${ri.name} failed to stop on ${t} (${e.statusMessage ?? 'Stop failed'}); ${why}: fence ${node} so ${gi.name} can start elsewhere`);
      }
    }
  }
  for (const [node, reason] of fence) out.add({ kind: 'fence-node', node, reason });
}
