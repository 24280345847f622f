// Replays a random step sequence the way the control loop works: fold a fact, decide, issue.
import type { ClusterConfig, ClusterStatus, TargetKey } from '../../src/model/index.js';
import { initialStatus } from '../../src/model/index.js';
import type { AdminRequest, PolicyEvent } from '../../src/policy/index.js';
import { decide, reduce } from '../../src/policy/index.js';
import type { Step } from './arbitraries.js';
import type { Checked } from './invariants.js';

/** Runs the steps, deciding and issuing after each fact as the control loop does; returns every decision. */
export function run(config0: ClusterConfig, steps: readonly Step[]): { decisions: Checked[]; final: ClusterStatus; config: ClusterConfig } {
  let config = config0;
  let status = initialStatus(config, 0);
  let now = 0;
  const decisions: Checked[] = [];
  const settle = (): void => {
    const d = decide({ config, status, now });
    decisions.push({ config, status, now, decision: d });
    status = reduce(config, status, { kind: 'actions-issued', actions: d.actions }, now);
  };
  const fold = (ev: PolicyEvent): void => { status = reduce(config, status, ev, now); };
  settle();
  const nodes = config.nodes.map((n) => n.name);
  for (const step of steps) {
    switch (step.kind) {
      case 'complete': {
        const inFlight = Object.entries(status.resources).flatMap(([r, rr]) => Object.entries(rr.targets).flatMap(([t, e]) => (e.inFlight ? [{ r, t, f: e.inFlight }] : [])));
        const chosen = step.pick.length === 0 ? inFlight : [...new Set(step.pick.map((i) => i % Math.max(1, inFlight.length)))].map((i) => inFlight[i]).filter((x) => x !== undefined);
        for (const x of chosen) {
          fold({ kind: 'method-result', actionId: x.f.actionId, resource: x.r as never, target: x.t, method: x.f.method, execution: step.outcome === 'timeout' ? 'timeout' : 'done', exitCode: step.outcome === 'fail' ? 1 : 0 });
        }
        for (const [g, gr] of Object.entries(status.groups)) {
          for (const [t, p] of Object.entries(gr.scripts ?? {})) if (p.inFlight) fold({ kind: 'script-result', actionId: p.inFlight.actionId, group: g as never, target: t, script: p.inFlight.script, execution: 'done', exitCode: 0 });
        }
        for (const [n, m] of Object.entries(status.nodes)) if (m.fencing) fold({ kind: 'node-fenced', node: n as never });
        break;
      }
      case 'node': {
        const node = nodes[step.node % nodes.length];
        if (node) fold({ kind: step.what === 'up' ? 'node-up' : step.what === 'down' ? 'node-down' : 'node-fenced', node });
        break;
      }
      case 'admin': {
        const g = config.groups[step.group % config.groups.length];
        const node = nodes[step.node % nodes.length];
        if (!g || !node) break;
        const target: TargetKey = node;
        const w = step.what;
        const req: AdminRequest = w === 'evacuate' ? { request: 'evacuate', node, untilMs: now + 120_000 }
          : w === 'shutdown' ? { request: 'shutdown', node }
          : w === 'switch' ? { request: 'switch', group: g.name, targets: [target] }
          : w === 'suspend' || w === 'resume' ? { request: w, group: g.name }
          : w === 'online' ? { request: 'online', group: g.name }
          : w === 'offline' ? { request: 'offline', group: g.name }
          : w === 'restart' ? { request: 'restart', group: g.name }
          : { request: 'clear', group: g.name };
        fold({ kind: 'admin', request: req });
        break;
      }
      case 'monitor': case 'scha': {
        const r = config.resources[step.resource % config.resources.length];
        if (!r) break;
        const target = Object.keys(status.resources[r.name]?.targets ?? {}).sort()[0] ?? nodes[0] ?? 'n1';
        if (step.kind === 'monitor') fold({ kind: 'monitor-failed', resource: r.name, target, ...(step.died ? { cause: 'monitor-died' as const } : {}) });
        else fold({ kind: 'scha-control', requestId: `q${decisions.length}`, tag: step.tag, resource: r.name, group: r.group, target });
        break;
      }
      case 'time': now += step.seconds * 1000; break;
      case 'toggle': {
        const r = config.resources[step.resource % config.resources.length];
        if (r) config = { ...config, generation: config.generation + 1, resources: config.resources.map((x) => (x === r ? { ...x, enabled: !x.enabled } : x)) };
        break;
      }
    }
    settle();
  }
  return { decisions, final: status, config };
}

