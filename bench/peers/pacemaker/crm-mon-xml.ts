// Reading `crm_mon --output-as=xml` (Pacemaker 2.1 schema, api-version 2.x) for the benchmark:
// only the attributes it needs, with regular expressions, since the output is machine-written,
// flat per element, and no XML library is installed. Anything not shaped like crm_mon's output is
// rejected, so a changed format shows up as an error instead of a wrong timing.

export interface ResourceState {
  readonly id: string;
  /** Pacemaker's role: Started, Stopped, Starting, Stopping, ... */
  readonly role: string;
  readonly active: boolean;
  readonly failed: boolean;
  readonly orphaned: boolean;
}

export interface OperationRecord {
  /** The executor's call id; grows with every operation on the node (-1 while pending). */
  readonly call: number;
  readonly task: string;
  readonly rc: number;
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([A-Za-z_:-][\w:.-]*)="([^"]*)"/g)) out.set(m[1] ?? '', m[2] ?? '');
  return out;
}

function requireCrmMon(xml: string): void {
  if (!/<pacemaker-result\b/.test(xml) || !/<\/pacemaker-result>\s*$/.test(xml)) {
    throw new Error(`not crm_mon XML output: ${JSON.stringify(xml.slice(0, 120))}`);
  }
}

/** Every `<resource>` element of the `<resources>` section, in document order. */
export function parseResources(xml: string): ResourceState[] {
  requireCrmMon(xml);
  // crm_mon leaves the section out when no resource is configured; a status without <summary> is
  // not a cluster status at all (e.g. crm_mon's error result).
  if (!/<summary>/.test(xml)) throw new Error('crm_mon XML has no <summary>: not a cluster status');
  const section = /<resources>([\s\S]*?)<\/resources>/.exec(xml);
  const out: ResourceState[] = [];
  for (const m of (section?.[1] ?? '').matchAll(/<resource\s[^>]*>/g)) {
    const a = attributes(m[0]);
    const id = a.get('id');
    const role = a.get('role');
    if (id === undefined || role === undefined) throw new Error(`crm_mon <resource> without id or role: ${m[0].slice(0, 120)}`);
    out.push({ id, role, active: a.get('active') === 'true', failed: a.get('failed') === 'true', orphaned: a.get('orphaned') === 'true' });
  }
  return out;
}

/** The operation history of resource `id` on every node (empty when it has none). */
export function parseOperations(xml: string, id: string): OperationRecord[] {
  requireCrmMon(xml);
  const out: OperationRecord[] = [];
  for (const block of xml.matchAll(/<resource_history\s([^>]*)>([\s\S]*?)<\/resource_history>/g)) {
    if (attributes(block[1] ?? '').get('id') !== id) continue;
    for (const op of (block[2] ?? '').matchAll(/<operation_history\s[^>]*>/g)) {
      const a = attributes(op[0]);
      const call = Number(a.get('call'));
      const rc = Number(a.get('rc'));
      const task = a.get('task');
      if (!Number.isInteger(call) || !Number.isInteger(rc) || task === undefined) throw new Error(`malformed <operation_history>: ${op[0].slice(0, 120)}`);
      out.push({ call, task, rc });
    }
  }
  return out;
}

/** Resources whose id starts with `prefix` that are Started, active and not failed. */
export function countStarted(resources: readonly ResourceState[], prefix: string): number {
  return resources.filter((r) => r.id.startsWith(prefix) && r.role === 'Started' && r.active && !r.failed).length;
}

/** Resources whose id starts with `prefix` that still run somewhere (orphans included). */
export function countActive(resources: readonly ResourceState[], prefix: string): number {
  return resources.filter((r) => r.id.startsWith(prefix) && r.active).length;
}
