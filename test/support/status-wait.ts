import type { ClusterView } from '../../src/api/view/cluster-view.js';

export async function fetchView(endpoint: string): Promise<ClusterView> {
  const res = await fetch(`${endpoint}/v1/status`);
  return (await res.json()) as ClusterView;
}

export const groupState = (v: ClusterView, group: string, target: string): string | undefined =>
  v.groups.find((g) => g.name === group)?.perNode.find((p) => p.target === target)?.state;

export const resourceState = (v: ClusterView, resource: string, target: string): string | undefined =>
  v.resources.find((r) => r.name === resource)?.perNode.find((p) => p.target === target)?.state;

/** Where a group is ONLINE. */
export const onlineOn = (v: ClusterView, group: string): string[] =>
  v.groups.find((g) => g.name === group)?.perNode.filter((p) => p.state === 'ONLINE').map((p) => p.target) ?? [];

/** Polls the cluster until `check` returns a value (not undefined/false), or fails with the last view. */
export async function waitFor<T>(endpoint: string, what: string, check: (v: ClusterView) => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: ClusterView | undefined;
  while (Date.now() < deadline) {
    last = await fetchView(endpoint);
    const r = await check(last);
    if (r !== undefined && r !== false) return r;
    await new Promise((res) => setTimeout(res, everyMs));
  }
  const summary = last ? JSON.stringify({ groups: last.groups.map((g) => [g.name, g.perNode]), resources: last.resources.map((r) => [r.name, r.perNode]) }) : 'no status';
  throw new Error(`timed out waiting for ${what}; last status: ${summary.slice(0, 1500)}`);
}
