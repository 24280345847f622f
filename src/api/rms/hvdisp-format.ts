import { lookupType, parseNodeTarget } from '../../model/index.js';
import type { ClusterState } from './hv-client.js';
import { HvError } from './hv-client.js';
import type { RmsObjectState } from './rms-states.js';
import { priorityList, sysNodeName } from './sysnode.js';

/** One `hvdisp` line: Resource, Type, HostName (empty for the local instance), State, StateDetails. */
export interface HvdispRow {
  readonly resource: string;
  readonly type: 'SysNode' | 'userApp' | 'andOp' | 'gRes';
  /** Ferry type name of a gRes (for `-T Cmdline`). */
  readonly ferryType?: string;
  readonly hostName: string;
  readonly state: string;
  readonly details: string;
}

export interface HvdispOptions {
  /** `-a`: also the instances on the other SysNodes. */
  readonly all: boolean;
  /** `-T type`: SysNode, userApplication (userApp), andOp, gResource (gRes), or a Ferry resource type. */
  readonly type?: string;
  /** `hvdisp object`: only this object. */
  readonly object?: string;
  /** The local SysNode's node (`Local System`). */
  readonly local: string;
  readonly configuration: string;
}

/** Column widths of the RMS layout (primecluster §5); a longer name widens its column. */
const WIDTHS = [20, 8, 20, 13] as const;
const HEADER = ['Resource', 'Type', 'HostName', 'State', 'StateDetails'] as const;
const RULE_LENGTH = 77;

const TYPE_ALIASES: Readonly<Record<string, HvdispRow['type']>> = {
  sysnode: 'SysNode', userapplication: 'userApp', userapp: 'userApp', andop: 'andOp', gresource: 'gRes', gres: 'gRes',
};

/** Every row of the cluster as RMS objects, local instances first, in RMS's order. */
export function hvdispRows(c: ClusterState, local: string, all: boolean): HvdispRow[] {
  const rows: HvdispRow[] = [];
  for (const n of c.view.nodes) rows.push({ resource: sysNodeName(n.name), type: 'SysNode', hostName: '', ...plain(n.rms) });
  for (const g of c.config.groups) {
    const gv = c.view.groups.find((x) => x.name === g.name);
    const onTarget = (t: string): RmsObjectState | undefined => gv?.perNode.find((p) => p.target === t)?.rms;
    const targets = priorityList(c.config, g);
    const localTarget = targets.find((t) => parseNodeTarget(t).node === local);
    const remote = targets.filter((t) => t !== localTarget);
    rows.push({ resource: g.name, type: 'userApp', hostName: '', ...(localTarget === undefined ? NONE : plain(onTarget(localTarget))) });
    if (all) for (const t of remote) rows.push({ resource: g.name, type: 'userApp', hostName: hostOf(t), ...plain(onTarget(t)) });
    targets.forEach((t, i) => rows.push({ resource: `Machine${String(i).padStart(3, '0')}_${g.name}`, type: 'andOp', hostName: hostOf(t), ...plain(onTarget(t)) }));
    for (const r of c.view.resources.filter((x) => x.group === g.name)) {
      const at = (t: string): RmsObjectState | undefined => r.perNode.find((p) => p.target === t)?.rms;
      const ferryType = lookupType(c.config.types, r.type)?.resourceType ?? r.type;
      rows.push({ resource: r.name, type: 'gRes', ferryType, hostName: '', ...(localTarget === undefined ? NONE : plain(at(localTarget))) });
      if (all) for (const t of remote) rows.push({ resource: r.name, type: 'gRes', ferryType, hostName: hostOf(t), ...plain(at(t)) });
    }
  }
  return rows;
}

const hostOf = (t: string): string => {
  const p = parseNodeTarget(t);
  return p.zone === undefined ? sysNodeName(p.node) : `${sysNodeName(p.node)}:${p.zone}`;
};

/** An object the RGM has not described yet is Unknown; one that has no instance here shows no state. */
const plain = (s: RmsObjectState | undefined): { state: string; details: string } => ({ state: s?.state ?? 'Unknown', details: s?.details ?? '' });
const NONE = { state: '', details: '' } as const;

/** Keeps the rows `-T` and an object name ask for; an unknown type or object is an error. */
export function selectRows(c: ClusterState, rows: readonly HvdispRow[], o: Pick<HvdispOptions, 'type' | 'object'>): HvdispRow[] {
  let out = [...rows];
  if (o.type !== undefined) {
    const rmsType = TYPE_ALIASES[o.type.toLowerCase()];
    if (rmsType !== undefined) out = out.filter((r) => r.type === rmsType);
    else {
      const t = lookupType(c.config.types, o.type);
      if (!t) throw new HvError(`-T ${o.type}: unknown type (SysNode, userApplication, andOp, gResource, or a resource type such as Cmdline)`);
      out = out.filter((r) => r.type === 'gRes' && r.ferryType === t.resourceType);
    }
  }
  if (o.object !== undefined) {
    out = out.filter((r) => r.resource === o.object);
    if (out.length === 0) throw new HvError(`${o.object}: no such object`);
  }
  return out;
}

/**
 * The `hvdisp` text (primecluster §5): a `Local System:` and `Configuration:` header, a blank line,
 * the column header, a rule, then one row per object; the HostName column is empty for objects of
 * the local SysNode, so a blank third field means "local" to scripts that split on blanks.
 */
export function renderHvdisp(rows: readonly HvdispRow[], o: Pick<HvdispOptions, 'local' | 'configuration'>): string {
  const widths = WIDTHS.map((w, i) => Math.max(w, ...rows.map((r) => cells(r)[i]?.length ?? 0).map((n) => n + 1)));
  const line = (cs: readonly string[]): string => cs.map((c, i) => (i < widths.length ? c.padEnd(widths[i] ?? 0) : c)).join('').trimEnd();
  const rule = '-'.repeat(Math.max(RULE_LENGTH, widths.reduce((a, b) => a + b, 0) + 'StateDetails'.length + 4));
  return [
    `Local System:  ${sysNodeName(o.local)}`,
    `Configuration: ${o.configuration}`,
    '',
    line(HEADER),
    rule,
    ...rows.map((r) => line(cells(r))),
  ].join('\n');
}

const cells = (r: HvdispRow): string[] => [r.resource, r.type, r.hostName, r.state, r.details];
