import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigService } from '../api/config-service.js';
import { loadClusterFile, planApply } from '../api/declarative/index.js';
import { buildApiServer } from '../api/http/server.js';
import { CliError } from '../cli/errors.js';
import type { ConfigChange } from '../model/index.js';
import { openEmbeddedStore } from '../store/index.js';
import { layout } from '../store/layout.js';
import type { ListenAddress } from './options.js';

export interface EmbeddedClusterOptions {
  readonly nodes: readonly string[];
  readonly dataDir: string;
  readonly listen: ListenAddress;
  readonly configFile?: string;
}

export interface EmbeddedCluster {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** One process holding the embedded store, the API, the RGM and one agent per virtual node. */
export async function startEmbeddedCluster(o: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  mkdirSync(o.dataDir, { recursive: true });
  const store = await openEmbeddedStore({ dir: join(o.dataDir, 'store') });
  const keys = layout();
  const configs = new ConfigService(store, keys);
  try {
    await ensureNodes(configs, o.nodes);
    if (o.configFile) await applyFile(configs, o.configFile);
  } catch (err) {
    await store.close();
    throw err;
  }
  const app = buildApiServer({ store, keys, configs });
  try {
    await app.listen({ host: o.listen.host, port: o.listen.port });
  } catch (err) {
    await store.close();
    throw new CliError(`cannot listen on ${o.listen.host}:${o.listen.port}: ${(err as Error).message}`);
  }
  return {
    endpoint: `http://${o.listen.host}:${o.listen.port}`,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

async function ensureNodes(configs: ConfigService, nodes: readonly string[]): Promise<void> {
  const { config } = await configs.read();
  const missing: ConfigChange[] = nodes.filter((n) => !config.nodes.some((x) => x.name === n)).map((name) => ({ kind: 'add-node', name }));
  if (missing.length > 0) await configs.change(missing);
}

async function applyFile(configs: ConfigService, file: string): Promise<void> {
  const loaded = await loadClusterFile(file, (p: string) => readFile(p, 'utf8'));
  if (!loaded.ok) throw new CliError(loaded.errors.map((e) => e.message).join('\n'));
  const plan = planApply((await configs.read()).config, loaded.value);
  if (!plan.ok) throw new CliError(plan.errors.map((e) => e.message).join('\n'));
  if (plan.value.changes.length > 0) await configs.change(plan.value.changes);
}
