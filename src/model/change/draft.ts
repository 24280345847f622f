import type { ClusterConfig } from '../cluster-config.js';
import type { ResourceGroup } from '../group.js';
import type { ClusterNode } from '../node.js';
import type { Resource } from '../resource.js';
import type { ResourceType } from '../resource-type.js';
import type { ProblemCode } from '../result.js';
import type { ChangeContext } from './change.js';
import { changeProblem, type ChangeProblem, type ProblemTarget } from './problems.js';

/**
 * The working copy `applyChanges` builds. Its arrays are fresh copies; the objects in them are
 * never mutated, only replaced, so the input configuration stays untouched. Problems accumulate:
 * a change that fails is applied as far as it sensibly can be, to keep follow-on errors few.
 */
export class Draft {
  clusterName: string;
  nodes: ClusterNode[];
  types: ResourceType[];
  groups: ResourceGroup[];
  resources: Resource[];
  readonly problems: ChangeProblem[] = [];

  constructor(readonly original: ClusterConfig, readonly context: ChangeContext) {
    this.clusterName = original.clusterName;
    this.nodes = [...original.nodes];
    this.types = [...original.types];
    this.groups = [...original.groups];
    this.resources = [...original.resources];
  }

  report(code: ProblemCode, target: ProblemTarget, reason: string): void {
    this.problems.push(changeProblem(code, target, reason));
  }

  node(name: string): ClusterNode | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  group(name: string): ResourceGroup | undefined {
    return this.groups.find((g) => g.name === name);
  }

  resource(name: string): Resource | undefined {
    return this.resources.find((r) => r.name === name);
  }

  /** The registered type with exactly this full name. */
  type(name: string): ResourceType | undefined {
    return this.types.find((t) => t.name === name);
  }

  /** Offline as far as the caller's runtime view tells; offline when there is no view. */
  isGroupOffline(group: ResourceGroup): boolean {
    return this.context.isGroupOffline?.(group.name) ?? true;
  }

  replaceNode(node: ClusterNode): void {
    this.nodes = this.nodes.map((n) => (n.name === node.name ? node : n));
  }

  replaceGroup(group: ResourceGroup): void {
    this.groups = this.groups.map((g) => (g.name === group.name ? group : g));
  }

  replaceResource(resource: Resource): void {
    this.resources = this.resources.map((r) => (r.name === resource.name ? resource : r));
  }

  /**
   * Adds a resource next to the others of its group, keeping `resources` ordered by group
   * (groups in their order, resources in creation order) so that an export lists the same order.
   */
  insertResource(resource: Resource): void {
    const groupIndex = (r: Resource): number => this.groups.findIndex((g) => g.name === r.group);
    const mine = groupIndex(resource);
    let at = this.resources.length;
    for (let i = this.resources.length - 1; i >= 0; i--) {
      const r = this.resources[i];
      if (r !== undefined && groupIndex(r) <= mine) break;
      at = i;
    }
    this.resources = [...this.resources.slice(0, at), resource, ...this.resources.slice(at)];
  }

  toConfig(): ClusterConfig {
    return {
      clusterName: this.clusterName,
      generation: this.original.generation + 1,
      nodes: this.nodes,
      types: this.types,
      groups: this.groups,
      resources: this.resources,
    };
  }
}
