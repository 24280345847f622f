import type { Command } from 'commander';
import type { ClusterView } from '../../api/view/cluster-view.js';
import {
  anyGroupValue, formatValue, parseNodeTarget, USER_APPLICATION_PROPERTIES, type Assignment, type ClusterConfig, type ConfigChange, type ResourceGroup,
} from '../../model/index.js';
import { api } from '../client.js';
import { CliError, usageError } from '../errors.js';
import { emit, table } from '../output.js';
import { assignments, collect, outFor } from '../context.js';
import { config } from './rt.js';

/**
 * `ferry app`: PRIMECLUSTER RMS userApplications — resource groups with `flavor: userApplication`,
 * their RMS attributes (AutoStartUp, AutoSwitchOver, HaltFlag, …, with RMS's defaults) and their
 * SysNode priority list (the Nodelist, most preferred first). They run on the same core as resource
 * groups: `ferry status`, `ferry rs create -g APP …` and the hv* commands see them.
 */
export function registerAppCommands(program: Command): void {
  const app = program.command('app').alias('userapplication').description('RMS userApplications (resource groups with RMS attributes)');

  app.command('create').argument('<app>')
    .option('-n, --priority <sysnodes>', 'SysNode priority list, most preferred first (n1,n2 or n1RMS,n2RMS); default every node')
    .option('-p, --property <Attr=value>', 'an RMS attribute (AutoStartUp=yes, AutoSwitchOver=HostFailure|ResourceFailure, …)', collect, [])
    .option('--unmanaged', 'create it deactivated (like hvutil -d) instead of ready for hvswitch')
    .description('create a userApplication; it is Offline until hvswitch (or AutoStartUp=yes)')
    .action(async (name: string, o: { priority?: string; property: string[]; unmanaged?: boolean }, cmd: Command) => {
      const c = await config();
      const a = assignments(o.property);
      if (o.priority !== undefined) a.unshift({ name: 'Nodelist', op: '=', value: o.priority.split(',').map((s) => sysNode(c, s.trim())).join(',') });
      const changes: ConfigChange[] = [{ kind: 'create-group', name, flavor: 'userApplication', assignments: a }];
      if (o.unmanaged !== true) changes.push({ kind: 'manage-group', name });
      await change(cmd, changes, `created userApplication ${name}`);
    });

  app.command('set').argument('<app>')
    .option('-n, --priority <sysnodes>', 'new SysNode priority list')
    .option('-p, --property <Attr=value>', 'an RMS attribute or group property', collect, [])
    .description('change attributes of a userApplication')
    .action(async (name: string, o: { priority?: string; property: string[] }, cmd: Command) => {
      const c = await config();
      findApp(c, name);
      const a: Assignment[] = assignments(o.property);
      if (o.priority !== undefined) a.unshift({ name: 'Nodelist', op: '=', value: o.priority.split(',').map((s) => sysNode(c, s.trim())).join(',') });
      if (a.length === 0) throw usageError('app set: give -n or at least one -p Attr=value');
      await change(cmd, [{ kind: 'set-group', name, assignments: a }], `updated userApplication ${name}`);
    });

  app.command('delete').argument('<app>').option('-F, --force', 'also delete its resources')
    .description('delete an offline userApplication')
    .action(async (name: string, o: { force?: boolean }, cmd: Command) => {
      const g = findApp(await config(), name);
      const changes: ConfigChange[] = [...(g.managed ? [{ kind: 'unmanage-group' as const, name }] : []), { kind: 'delete-group', name, force: o.force === true }];
      await change(cmd, changes, `deleted userApplication ${name}`);
    });

  app.command('list').description('userApplications and their RMS state on each SysNode').action(async (_o, cmd: Command) => {
    const [c, view] = await Promise.all([config(), api<ClusterView>('GET', '/v1/status')]);
    const rows = apps(c).map((g) => ({ name: g.name, priority: priority(c, g), states: statesOf(view, g.name) }));
    emit(outFor(cmd), rows, (rs) => table(['userApplication', 'PriorityList', 'State'], rs.map((r) => [r.name, r.priority.join(','), r.states.map((s) => `${s.sysNode}:${s.state}${s.details ? ` (${s.details})` : ''}`).join(' ')])));
  });

  app.command('show').argument('[app]').description('attributes (with RMS defaults), resources and state of userApplications')
    .action(async (name: string | undefined, _o, cmd: Command) => {
      const [c, view] = await Promise.all([config(), api<ClusterView>('GET', '/v1/status')]);
      const list = name === undefined ? apps(c) : [findApp(c, name)];
      const data = list.map((g) => ({
        name: g.name, managed: g.managed, priority: priority(c, g),
        attributes: Object.fromEntries(USER_APPLICATION_PROPERTIES.map((p) => [p.name, anyGroupValue(g, p.name) ?? null])),
        resources: c.resources.filter((r) => r.group === g.name).map((r) => ({ name: r.name, type: r.type })),
        states: statesOf(view, g.name),
      }));
      emit(outFor(cmd), data, (ds) => ds.map((d) => [
        `=== userApplication ${d.name} ===`,
        `PriorityList: ${d.priority.join(', ')}${d.managed ? '' : '   (deactivated)'}`,
        `State: ${d.states.map((s) => `${s.sysNode} ${s.state}${s.details ? ` (${s.details})` : ''}`).join(', ')}`,
        table(['Attribute', 'Value'], Object.entries(d.attributes).map(([k, v]) => [k, v === null ? '' : formatValue(v)])),
        d.resources.length === 0 ? 'Resources: none' : `Resources: ${d.resources.map((r) => `${r.name} (${r.type})`).join(', ')}`,
      ].join('\n')).join('\n\n'));
    });
}

async function change(cmd: Command, changes: ConfigChange[], done: string): Promise<void> {
  const r = await api<{ generation: number }>('POST', '/v1/changes', { changes });
  emit(outFor(cmd), { ok: true, generation: r.generation }, () => done);
}

const apps = (c: ClusterConfig): ResourceGroup[] => c.groups.filter((g) => g.flavor === 'userApplication');

function findApp(c: ClusterConfig, name: string): ResourceGroup {
  const g = c.groups.find((x) => x.name === name);
  if (!g) throw new CliError(`userApplication ${name}: no such application`);
  if (g.flavor !== 'userApplication') throw new CliError(`${name} is a resource group, not a userApplication (use ferry rg)`);
  return g;
}

/** A node name, accepting RMS SysNode spelling (`n1RMS` for node n1). */
function sysNode(c: ClusterConfig, s: string): string {
  if (c.nodes.some((n) => n.name === s) || !s.endsWith('RMS')) return s;
  const node = s.slice(0, -3);
  return c.nodes.some((n) => n.name === node) ? node : s;
}

function priority(c: ClusterConfig, g: ResourceGroup): string[] {
  const v = anyGroupValue(g, 'Nodelist');
  return Array.isArray(v) && v.length > 0 ? [...(v as readonly string[])] : c.nodes.map((n) => n.name);
}

function statesOf(view: ClusterView, group: string): { sysNode: string; state: string; details: string }[] {
  const g = view.groups.find((x) => x.name === group);
  return (g?.perNode ?? []).map((p) => {
    const t = parseNodeTarget(p.target);
    return { sysNode: `${t.node}RMS${t.zone === undefined ? '' : `:${t.zone}`}`, state: p.rms?.state ?? p.state, details: p.rms?.details ?? '' };
  });
}
