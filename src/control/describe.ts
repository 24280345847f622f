import type { PolicyEvent } from '../policy/index.js';

/** A one-line account of an incoming fact for the event log (undefined for bookkeeping events). */
export function describeEvent(e: PolicyEvent): { subject: string; message: string } | undefined {
  switch (e.kind) {
    case 'node-up': return { subject: `node ${e.node}`, message: 'joined the cluster' };
    case 'node-down': return { subject: `node ${e.node}`, message: 'left the cluster (membership lease gone)' };
    case 'node-fenced': return { subject: `node ${e.node}`, message: 'fenced: confirmed off' };
    case 'fence-failed': return { subject: `node ${e.node}`, message: `fencing failed${e.message ? `: ${e.message}` : ''}` };
    case 'zone-up': return { subject: `zone ${e.target}`, message: 'is up' };
    case 'zone-down': {
      // The agent's report says why (src/agent/node/node-zones.ts); the policy's event does not carry it.
      const why = (e as { readonly reason?: unknown }).reason;
      return { subject: `zone ${e.target}`, message: `went away${typeof why === 'string' && why !== '' ? `: ${why}` : ''}` };
    }
    case 'method-result': {
      const how = e.execution === 'done' ? (e.exitCode === 0 ? 'succeeded' : `failed with exit code ${e.exitCode ?? '?'}`) : e.execution === 'timeout' ? 'timed out' : e.execution;
      return { subject: `resource ${e.resource} on ${e.target}`, message: `${e.method} ${how}${e.message ? `: ${e.message}` : ''}` };
    }
    case 'script-result':
      return { subject: `application ${e.group} on ${e.target}`, message: `${e.script} ${e.execution === 'done' ? `exited ${e.exitCode ?? '?'}` : e.execution}` };
    case 'monitor-failed': return { subject: `resource ${e.resource} on ${e.target}`, message: `monitor reports a failure${e.message ? `: ${e.message}` : ''}` };
    case 'scha-control': return { subject: `resource ${e.resource} on ${e.target}`, message: `scha_control ${e.tag} requested` };
    case 'setstatus': return { subject: `resource ${e.resource} on ${e.target}`, message: `status ${e.status === 'OK' ? 'ONLINE' : e.status}${e.message ? ` - ${e.message}` : ''}` };
    case 'admin': {
      const r = e.request;
      const what = 'group' in r ? `group ${r.group}` : 'resource' in r ? `resource ${r.resource}` : `node ${r.node}`;
      const how = `${'mode' in r ? ` ${r.mode}` : ''}${'forced' in r && r.forced === true ? ' (forced)' : ''}`;
      return { subject: what, message: `administrator requested ${r.request}${how}${'targets' in r && r.targets ? ` on ${r.targets.join(', ')}` : ''}` };
    }
    case 'properties-changed': return { subject: `resources ${e.resources.join(', ')}`, message: 'properties changed' };
    case 'actions-issued': return undefined;
  }
}
