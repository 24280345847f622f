import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ZodIssue } from 'zod';
import { fail, ok, problem, type Problem, type Result } from '../../model/index.js';
import type { DesiredCluster, DesiredGroup, DesiredResource, DesiredType, SourcePosition } from './desired.js';
import { typeFromRtr } from './rtr-type.js';
import { clusterFileSchema, type ClusterFile } from './schema.js';
import { collectPositions, keyPositionOf, positionOf, propertyValueAt } from './yaml-source.js';

/** Reads a file's text; rejects when it cannot (the caller passes `fs.readFile(p, 'utf8')`). */
export type ReadFile = (path: string) => Promise<string>;

const at = (file: string, pos: { line: number; column: number } | undefined, path: string, reason: string): Problem =>
  problem('invalid-value', path === '' ? file : path, `${file}${pos ? `:${pos.line}:${pos.column}` : ''}: ${path === '' ? '' : `${path}: `}${reason}`);

/**
 * Loads a `cluster.yaml`: YAML syntax, the file's shape (zod), and the RTR files it names (read
 * relative to the YAML file, parsed, errors reported). Every problem is one line
 * `file:line:column: path: reason`. Property names and values are not checked here: that needs the
 * types, and is `planApply`'s job.
 */
export async function loadClusterFile(path: string, readFile: ReadFile): Promise<Result<DesiredCluster>> {
  let text: string;
  try {
    text = await readFile(path);
  } catch (err) {
    return fail(problem('unknown-object', path, `${path}: cannot read the file: ${(err as Error).message}`));
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return fail(...doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      return at(path, { line, column: col }, '', (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''));
    }));
  }
  const shape = clusterFileSchema.safeParse(doc.toJS());
  if (!shape.success) return fail(...shape.error.issues.flatMap((i) => issueProblems(path, doc, lines, i)));
  const file = shape.data;
  const twice = Object.keys(file.applications ?? {}).filter((a) => Object.keys(file.groups ?? {}).includes(a));
  if (twice.length > 0) return fail(...twice.map((a) => at(path, positionOf(doc, lines, ['applications', a]), `applications.${a}`, `${a} is also listed under groups: a name is used once`)));
  const types = await loadTypes(path, doc, lines, file, readFile);
  if (!types.ok) return types;
  return ok({
    file: path,
    clusterName: file.cluster,
    nodes: (file.nodes ?? []).map((n) => ({ name: n.name, ...(n.id !== undefined ? { id: n.id } : {}), zones: n.zones ?? [] })),
    types: types.value,
    groups: [
      ...Object.entries(file.groups ?? {}).map(([name, g]) => desiredGroup(doc, ['groups', name], name, g)),
      ...Object.entries(file.applications ?? {}).map(([name, g]) => desiredGroup(doc, ['applications', name], name, { ...g, flavor: 'userApplication' })),
    ],
    positions: applicationPositions(collectPositions(doc, lines)),
  });
}

async function loadTypes(path: string, doc: Document, lines: LineCounter, file: ClusterFile, readFile: ReadFile): Promise<Result<DesiredType[]>> {
  const out: DesiredType[] = [];
  const problems: Problem[] = [];
  const entries = file.types ?? [];
  for (const [i, t] of entries.entries()) {
    const trustGlobalZone = t.trustGlobalZone === true;
    if (t.rtr === undefined) {
      out.push({ kind: 'builtin', name: t.name ?? '', trustGlobalZone });
      continue;
    }
    const rtrFile = resolve(dirname(resolve(path)), t.rtr);
    const where = positionOf(doc, lines, ['types', i, 'rtr']);
    let rtrText: string;
    try {
      rtrText = await readFile(rtrFile);
    } catch (err) {
      problems.push(at(path, where, `types.${i}.rtr`, `cannot read RTR file ${rtrFile}: ${(err as Error).message}`));
      continue;
    }
    const parsed = typeFromRtr(rtrText, rtrFile);
    if (!parsed.ok) {
      problems.push(at(path, where, `types.${i}.rtr`, `RTR file ${t.rtr} has errors:`));
      for (const m of parsed.messages) problems.push(problem('invalid-value', rtrFile, m));
      continue;
    }
    out.push({ kind: 'rtr', path: t.rtr, file: rtrFile, text: rtrText, trustGlobalZone });
  }
  return problems.length > 0 ? fail(...problems) : ok(out);
}

type GroupEntry = NonNullable<ClusterFile['groups']>[string];
type ResourceEntry = NonNullable<GroupEntry['resources']>[string];

/**
 * Problems about a group are located under `groups.<name>`; for an entry written under
 * `applications:` the same keys point at where it is written (the shown path stays as written).
 */
function applicationPositions(positions: Record<string, SourcePosition>): Record<string, SourcePosition> {
  const out = { ...positions };
  for (const [k, v] of Object.entries(positions)) if (k.startsWith('applications.')) out[`groups.${k.slice('applications.'.length)}`] ??= v;
  return out;
}

function desiredGroup(doc: Document, base: readonly string[], name: string, g: GroupEntry): DesiredGroup {
  return {
    name,
    flavor: g.flavor ?? 'resourceGroup',
    managed: g.managed ?? true,
    suspended: g.suspended ?? false,
    properties: values(doc, [...base, 'properties'], g.properties ?? {}),
    resources: Object.entries(g.resources ?? {}).map(([r, entry]) => desiredResource(doc, [...base, 'resources', r], r, entry)),
  };
}

function desiredResource(doc: Document, base: readonly string[], name: string, r: ResourceEntry): DesiredResource {
  const perNode = Object.fromEntries(Object.entries(r.perNode ?? {}).map(([prop, byNode]) => [prop, values(doc, [...base, 'perNode', prop], byNode)]));
  return {
    name,
    type: r.type,
    properties: values(doc, [...base, 'properties'], r.properties ?? {}),
    perNode,
    enabled: r.enabled ?? true,
    monitored: r.monitored ?? true,
  };
}

function values<V extends string | number | boolean | readonly (string | number | boolean)[]>(doc: Document, path: readonly string[], map: Readonly<Record<string, V>>) {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, propertyValueAt(doc, [...path, k], Array.isArray(v) ? v.map(String) : (v as string | number | boolean))]));
}

function issueProblems(file: string, doc: Document, lines: LineCounter, issue: ZodIssue): Problem[] {
  const path = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => at(file, keyPositionOf(doc, lines, issue.path, k), path === '' ? k : `${path}.${k}`, 'is not a known field'));
  }
  let reason = issue.message;
  if (issue.code === 'invalid_type') {
    reason = issue.received === 'undefined' ? 'is required' : `must be ${article(issue.expected)}, not ${article(issue.received)}`;
  }
  return [at(file, positionOf(doc, lines, issue.path), path, reason)];
}

const article = (t: string): string => (t === 'null' ? 'empty' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
