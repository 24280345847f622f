import { randomUUID } from 'node:crypto';
import type { ClusterConfig, ConfigChange, Problem, Resource, ResourceType } from '../model/index.js';
import { effectiveSchemas, formatValue, groupValue, lookupType, parseNodeTarget, problem, resourceValue, GROUP_PROPERTIES } from '../model/index.js';
import type { Layout } from '../store/layout.js';
import type { Store } from '../store/store.js';

/** What an agent answers to a Validate intent at its replyKey. */
export interface ValidateAnswer {
  readonly execution: string;
  readonly exitCode?: number;
  readonly outputTail?: string;
}

/**
 * Runs the type's Validate method, before a create or update is applied, on every node of the
 * Init_nodes set that is up (rt_callbacks(1HA): a non-zero Validate on any node rejects the change).
 * Creates pass every property (`-c`); updates pass only the changed ones (`-u`). Nodes that are down
 * are skipped. Returns the problems that reject the change.
 */
export async function validateChange(store: Store, keys: Layout, before: ClusterConfig, after: ClusterConfig, changes: readonly ConfigChange[], timeoutCapMs = 120_000): Promise<Problem[]> {
  const members = new Set((await store.list(keys.members)).items.map((kv) => kv.key.slice(keys.members.length)));
  const calls: Promise<Problem | undefined>[] = [];
  for (const c of changes) {
    if (c.kind !== 'create-resource' && c.kind !== 'set-resource') continue;
    const r = after.resources.find((x) => x.name === c.name);
    const type = r ? lookupType(after.types, r.type) : undefined;
    if (!r || !type || type.methods.Validate === undefined) continue;
    const mode = c.kind === 'create-resource' ? 'create' : 'update';
    const changed = new Set(c.kind === 'set-resource' ? c.assignments.map((a) => a.name.toLowerCase()) : []);
    const validate = validateArgs(after, r, type, mode, changed);
    const timeoutS = Number(resourceValue(type, r, 'Validate_timeout') ?? 300);
    for (const node of initNodes(after, r, type).filter((n) => members.has(n))) {
      calls.push(runOne(store, keys, node, r, type, validate, Math.min(timeoutS * 1000, timeoutCapMs)));
    }
  }
  void before;
  return (await Promise.all(calls)).filter((p): p is Problem => p !== undefined);
}

function initNodes(config: ClusterConfig, r: Resource, type: ResourceType): string[] {
  if (type.initNodes === 'RT_INSTALLED_NODES') return type.installedNodes === '*' ? config.nodes.map((n) => n.name) : [...type.installedNodes];
  const g = config.groups.find((x) => x.name === r.group);
  const list = g ? ((groupValue(g, 'Nodelist') as readonly string[] | undefined) ?? []) : [];
  const nodes = list.length ? list.map((t) => parseNodeTarget(t).node as string) : config.nodes.map((n) => n.name as string);
  return [...new Set(nodes)];
}

function validateArgs(config: ClusterConfig, r: Resource, type: ResourceType, mode: 'create' | 'update', changed: ReadonlySet<string>) {
  const resourceProps: Record<string, string> = {};
  const extensionProps: Record<string, string> = {};
  for (const s of effectiveSchemas(type)) {
    if (mode === 'update' && !changed.has(s.name.toLowerCase())) continue;
    const v = resourceValue(type, r, s.name);
    if (v === undefined) continue;
    (s.extension ? extensionProps : resourceProps)[s.name] = formatValue(v);
  }
  const groupProps: Record<string, string> = {};
  const g = config.groups.find((x) => x.name === r.group);
  if (g && mode === 'create') {
    for (const p of GROUP_PROPERTIES) {
      const v = groupValue(g, p.name);
      if (v !== undefined) groupProps[p.name] = formatValue(v);
    }
  }
  return { mode, resourceProps, extensionProps, groupProps };
}

async function runOne(store: Store, keys: Layout, node: string, r: Resource, type: ResourceType, validate: ReturnType<typeof validateArgs>, timeoutMs: number): Promise<Problem | undefined> {
  const id = `validate-${randomUUID()}`;
  const replyKey = keys.reply(id);
  const intentKey = keys.intent(node, id);
  // Stamped with the current leader epoch: agents ignore intents from an older epoch.
  const epoch = (await store.get(keys.leader))?.createRevision ?? 0;
  const { revision } = await store.txn({
    compare: [],
    success: [{ kind: 'put', key: intentKey, value: JSON.stringify({ kind: 'run-method', id, resource: r.name, group: r.group, type: type.name, target: node, method: 'Validate', timeoutS: Math.ceil(timeoutMs / 1000), validate, replyKey, epoch }) }],
  });
  const answer = await waitAnswer(store, replyKey, revision, timeoutMs + 5000);
  await store.txn({ compare: [], success: [{ kind: 'delete', key: intentKey }, { kind: 'delete', key: replyKey }] });
  const subject = `resource ${r.name}`;
  if (!answer) return problem('invalid-value', subject, `${subject}: Validate on ${node} did not answer in time; change rejected`);
  if (answer.execution === 'done' && answer.exitCode === 0) return undefined;
  const how = answer.execution === 'done' ? `exited ${answer.exitCode ?? '?'}` : answer.execution;
  const said = answer.outputTail?.trim().split('\n').at(-1);
  return problem('invalid-value', subject, `${subject}: Validate on ${node} ${how}${said ? ` (${said})` : ''}; change rejected`);
}

function waitAnswer(store: Store, key: string, fromRevision: number, timeoutMs: number): Promise<ValidateAnswer | undefined> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: ValidateAnswer | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void watch.cancel();
      resolve(a);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const watch = store.watch(key, fromRevision, (events) => {
      const put = events.find((e) => e.kind === 'put' && e.key === key);
      if (put) finish(JSON.parse(put.value) as ValidateAnswer);
    }, () => finish(undefined));
  });
}
