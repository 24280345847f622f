import { Registry, Gauge } from 'prom-client';
import type { ClusterView } from '../api/view/cluster-view.js';

/**
 * Prometheus metrics of the cluster, computed from the view-model at scrape time:
 * ferry_node_up, ferry_group_state, ferry_resource_state (1 for the current state per target),
 * ferry_configuration_generation.
 */
export function renderMetrics(v: ClusterView): Promise<string> {
  const registry = new Registry();
  const nodeUp = new Gauge({ name: 'ferry_node_up', help: 'Whether the node holds its membership lease (1) or not (0)', labelNames: ['node'], registers: [registry] });
  const group = new Gauge({ name: 'ferry_group_state', help: 'Resource group state per target (1 = current)', labelNames: ['group', 'target', 'state'], registers: [registry] });
  const resource = new Gauge({ name: 'ferry_resource_state', help: 'Resource state per target (1 = current)', labelNames: ['resource', 'group', 'target', 'state'], registers: [registry] });
  const generation = new Gauge({ name: 'ferry_configuration_generation', help: 'Configuration generation number', registers: [registry] });
  for (const n of v.nodes) nodeUp.set({ node: n.name }, n.state === 'UP' ? 1 : 0);
  for (const g of v.groups) for (const p of g.perNode) group.set({ group: g.name, target: p.target, state: p.state }, 1);
  for (const r of v.resources) for (const p of r.perNode) resource.set({ resource: r.name, group: r.group, target: p.target, state: p.state }, 1);
  generation.set(v.generation);
  return registry.metrics();
}
