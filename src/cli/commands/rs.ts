import type { Command } from 'commander';
import { effectiveSchemas, formatValue, lookupType, resourceValue, type ClusterConfig, type ConfigChange, type Resource } from '../../model/index.js';
import { api } from '../client.js';
import { usageError } from '../errors.js';
import { emit, table } from '../output.js';
import { assignments, collect, outFor } from '../context.js';
import { config } from './rt.js';
import { findResource } from './lookup.js';
import { sendRequest } from './requests.js';

async function change(cmd: Command, changes: ConfigChange[], done: string): Promise<void> {
  const r = await api<{ generation: number }>('POST', '/v1/changes', { changes });
  emit(outFor(cmd), { ok: true, generation: r.generation }, () => done);
}

export function resourceDetails(c: ClusterConfig, r: Resource): string {
  const type = lookupType(c.types, r.type);
  const rows = type ? effectiveSchemas(type).map((s) => {
    const v = resourceValue(type, r, s.name);
    const perNode = Object.entries(r.perNode[s.name] ?? {}).map(([n, pv]) => `${n}=${formatValue(pv)}`).join(' ');
    return [s.name, s.extension ? 'extension' : 'system', v === undefined ? '' : formatValue(v), perNode];
  }) : [];
  return `=== Resource ${r.name} ===\nType: ${r.type}   Group: ${r.group}   Enabled: ${r.enabled ? 'Yes' : 'No'}   Monitored: ${r.monitored ? 'Yes' : 'No'}\n${table(['Property', 'Class', 'Value', 'Per node'], rows)}`;
}

export function registerRsCommands(program: Command): void {
  const rs = program.command('rs').alias('resource').description('resources (like clrs)');

  rs.command('create').argument('<resource>').requiredOption('-g, --group <group>', 'resource group').requiredOption('-t, --type <type>', 'resource type')
    .option('-p, --property <name=value>', 'set a property; name{node,...}=value for per-node values', collect, [])
    .option('-d, --disabled', 'create it disabled')
    .description('create a resource in a group').action(async (name: string, o: { group: string; type: string; property: string[]; disabled?: boolean }, cmd: Command) => {
      await change(cmd, [{ kind: 'create-resource', name, group: o.group, type: o.type, assignments: assignments(o.property), enabled: o.disabled !== true }], `created resource ${name}`);
    });

  rs.command('set').argument('<resource>').option('-p, --property <name=value>', 'set a property (name+=v, name-=v edit lists)', collect, [])
    .description('change resource properties').action(async (name: string, o: { property: string[] }, cmd: Command) => {
      if (o.property.length === 0) throw usageError('rs set: give at least one -p name=value');
      await change(cmd, [{ kind: 'set-resource', name, assignments: assignments(o.property) }], `updated resource ${name}`);
    });

  rs.command('delete').argument('<resource>').description('delete a disabled resource').action(async (name: string, _o, cmd: Command) => {
    await change(cmd, [{ kind: 'delete-resource', name }], `deleted resource ${name}`);
  });

  for (const [verb, kind, past] of [['enable', 'enable-resource', 'enabled'], ['disable', 'disable-resource', 'disabled'], ['monitor', 'monitor-resource', 'monitored'], ['unmonitor', 'unmonitor-resource', 'unmonitored']] as const) {
    rs.command(verb).argument('<resource>').description(`${verb} a resource`).action(async (name: string, _o, cmd: Command) => {
      await change(cmd, [{ kind, name }], `${past} resource ${name}`);
    });
  }

  rs.command('clear').argument('<resource>').option('-f, --flag <flag>', 'error flag to clear', 'STOP_FAILED').option('-n, --node <node>', 'node to clear it on')
    .option('--no-wait', 'return at once').description('clear an error flag (STOP_FAILED)')
    .action(async (resource: string, o: { flag: string; node?: string; wait: boolean }, cmd: Command) => {
      if (o.flag.toUpperCase() !== 'STOP_FAILED') throw usageError(`-f ${o.flag}: only STOP_FAILED can be cleared`);
      await sendRequest(cmd, { kind: 'clear', resource, ...(o.node ? { target: o.node } : {}) }, o.wait);
    });

  rs.command('list').option('-g, --group <group>').option('-t, --type <type>').description('list resources')
    .action(async (o: { group?: string; type?: string }, cmd: Command) => {
      const c = await config();
      const t = o.type ? lookupType(c.types, o.type)?.name ?? o.type : undefined;
      const names = c.resources.filter((r) => (!o.group || r.group === o.group) && (!t || r.type === t)).map((r) => r.name);
      emit(outFor(cmd), names, (n) => n.join('\n'));
    });

  rs.command('show').argument('[resource]').description('show resource properties').action(async (name: string | undefined, _o, cmd: Command) => {
    const c = await config();
    const list = name ? [findResource(c, name)] : c.resources;
    emit(outFor(cmd), list, (rs) => rs.map((r) => resourceDetails(c, r)).join('\n\n'));
  });
}
