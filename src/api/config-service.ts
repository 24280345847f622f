import { randomUUID } from 'node:crypto';
import { applyChanges, type ClusterConfig, type ConfigChange, type Problem } from '../model/index.js';
import { commitConfig, loadConfig, type ConfigSnapshot } from '../store/config-repo.js';
import type { Layout } from '../store/layout.js';
import type { Store } from '../store/store.js';
import { ApiError } from './http/errors.js';

/**
 * Runs a type's Validate method on the nodes a change concerns before the change is applied; returns
 * the problems that reject it (empty = accepted). Supplied by the composition root once agents exist.
 */
export type ChangeValidator = (before: ClusterConfig, after: ClusterConfig, changes: readonly ConfigChange[]) => Promise<readonly Problem[]>;

export interface ChangeOutcome {
  readonly config: ClusterConfig;
  readonly applied: boolean;
}

/**
 * Applies administrator changes to the stored configuration: all or nothing, validated by the pure
 * model rules and then by Validate methods, written with compare-and-swap so that two concurrent
 * administrators cannot overwrite each other (the loser is re-applied on the new configuration).
 */
export class ConfigService {
  /** Changes made through this process run one after another, so they do not fight over the CAS. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly keys: Layout,
    private readonly options: { readonly validator?: ChangeValidator; readonly isGroupOffline?: (config: ClusterConfig, group: string) => Promise<boolean> } = {},
  ) {}

  read(): Promise<ConfigSnapshot> {
    return loadConfig(this.store, this.keys);
  }

  change(changes: readonly ConfigChange[], dryRun = false): Promise<ChangeOutcome> {
    const next = this.queue.then(() => this.changeNow(changes, dryRun));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async changeNow(changes: readonly ConfigChange[], dryRun: boolean): Promise<ChangeOutcome> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const snapshot = await this.read();
      const offline = await this.offlineGroups(snapshot.config);
      const result = applyChanges(snapshot.config, changes, { isGroupOffline: (g: string) => offline.has(g) });
      if (!result.ok) throw ApiError.fromProblems(result.errors);
      if (dryRun) return { config: result.value, applied: false };
      const rejected = this.options.validator ? await this.options.validator(snapshot.config, result.value, changes) : [];
      if (rejected.length > 0) throw ApiError.fromProblems(rejected);
      if (await commitConfig(this.store, this.keys, snapshot, result.value)) {
        await this.announceUpdates(changes);
        return { config: result.value, applied: true };
      }
    }
    throw new ApiError(503, 'the configuration kept changing under this request; try again');
  }

  /** Tells the RGM which resources' properties changed, so it runs Update where they are online. */
  private async announceUpdates(changes: readonly ConfigChange[]): Promise<void> {
    const resources = [...new Set(changes.flatMap((c) => (c.kind === 'set-resource' ? [c.name] : [])))];
    if (resources.length === 0) return;
    const requestId = randomUUID();
    await this.store.txn({ compare: [], success: [{ kind: 'put', key: this.keys.request(requestId), value: JSON.stringify({ kind: 'properties-changed', requestId, resources }) }] });
  }

  private async offlineGroups(config: ClusterConfig): Promise<Set<string>> {
    const out = new Set<string>();
    const probe = this.options.isGroupOffline;
    for (const g of config.groups) if (!probe || (await probe(config, g.name))) out.add(g.name);
    return out;
  }
}
