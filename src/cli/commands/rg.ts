import type { Command } from 'commander';
import { formatValue, GROUP_PROPERTIES, type ConfigChange, type ResourceGroup } from '../../model/index.js';
import { api } from '../client.js';
import { usageError } from '../errors.js';
import { emit, table } from '../output.js';
import { assignments, collect, outFor } from '../context.js';
import { config } from './rt.js';
import { findGroup } from './lookup.js';
import { sendRequest, sendRequests } from './requests.js';

async function change(cmd: Command, changes: ConfigChange[], done: string): Promise<void> {
  const r = await api<{ generation: number }>('POST', '/v1/changes', { changes });
  emit(outFor(cmd), { ok: true, generation: r.generation }, () => done);
}

export function groupDetails(g: ResourceGroup): string {
  const names = [...new Set([...GROUP_PROPERTIES.map((p) => p.name), ...Object.keys(g.properties)])];
  const rows = names.map((n) => {
    const v = g.properties[n] ?? GROUP_PROPERTIES.find((p) => p.name === n)?.default;
    return [n, v === undefined ? '' : formatValue(v)];
  });
  return `=== Resource Group ${g.name} ===\nManaged: ${g.managed ? 'Yes' : 'No'}   Suspended: ${g.suspended ? 'Yes' : 'No'}   Flavor: ${g.flavor}\n${table(['Property', 'Value'], rows)}`;
}

export function registerRgCommands(program: Command): void {
  const rg = program.command('rg').alias('resourcegroup').description('resource groups (like clrg)');

  rg.command('create').argument('<group>').option('-n, --nodelist <nodes>', 'comma-separated node or node:zone list, most preferred first')
    .option('-S, --scalable', 'create a scalable group').option('-p, --property <name=value>', 'set a property', collect, [])
    .description('create a resource group (unmanaged until brought online or managed)')
    .action(async (name: string, o: { nodelist?: string; scalable?: boolean; property: string[] }, cmd: Command) => {
      const a = assignments(o.property);
      if (o.nodelist !== undefined) a.unshift({ name: 'Nodelist', op: '=', value: o.nodelist });
      if (o.scalable) a.unshift({ name: 'RG_mode', op: '=', value: 'Scalable' });
      await change(cmd, [{ kind: 'create-group', name, assignments: a }], `created resource group ${name}`);
    });

  rg.command('set').argument('<group>').option('-p, --property <name=value>', 'set a property (name+=v, name-=v edit lists)', collect, [])
    .description('change group properties').action(async (name: string, o: { property: string[] }, cmd: Command) => {
      if (o.property.length === 0) throw usageError('rg set: give at least one -p name=value');
      await change(cmd, [{ kind: 'set-group', name, assignments: assignments(o.property) }], `updated resource group ${name}`);
    });

  rg.command('delete').argument('<group>').option('-F, --force', 'also delete its resources and unmanage it')
    .description('delete a resource group').action(async (name: string, o: { force?: boolean }, cmd: Command) => {
      await change(cmd, [{ kind: 'delete-group', name, force: o.force === true }], `deleted resource group ${name}`);
    });

  for (const [verb, kind, past] of [['manage', 'manage-group', 'managed'], ['unmanage', 'unmanage-group', 'unmanaged'], ['suspend', 'suspend-group', 'suspended'], ['resume', 'resume-group', 'resumed']] as const) {
    rg.command(verb).argument('<group>').description(`${verb} a resource group`).action(async (name: string, _o, cmd: Command) => {
      await change(cmd, [{ kind, name }], `${past} resource group ${name}`);
    });
  }

  rg.command('list').description('list resource groups').action(async (_o, cmd: Command) => {
    const c = await config();
    emit(outFor(cmd), c.groups.map((g) => g.name), (names) => names.join('\n'));
  });

  rg.command('show').argument('[group]').description('show group properties').action(async (name: string | undefined, _o, cmd: Command) => {
    const c = await config();
    const groups = name ? [findGroup(c, name)] : c.groups;
    emit(outFor(cmd), groups, (gs) => gs.map(groupDetails).join('\n\n'));
  });

  for (const verb of ['online', 'offline', 'restart'] as const) {
    const c = rg.command(verb).argument('<groups...>', 'group names, or + for every group').option('-n, --node <node>', 'node (or node:zone) to act on').option('--no-wait', 'return at once')
      .description(`bring groups ${verb === 'restart' ? 'offline and online again' : verb} (clrg ${verb}: several names or + for all)`);
    if (verb === 'online') c.option('-M, --manage', 'manage the groups first if they are unmanaged (clrg online -M)');
    c.action(async (operands: string[], o: { node?: string; wait: boolean; manage?: boolean }, cmd: Command) => {
      const cfg = await config();
      const groups = operands.includes('+') ? cfg.groups : [...new Set(operands)].map((name) => findGroup(cfg, name));
      if (groups.length === 0) throw usageError(`rg ${verb} +: the cluster has no resource groups`);
      const unmanaged = groups.filter((g) => !g.managed);
      if (o.manage && unmanaged.length > 0) await api('POST', '/v1/changes', { changes: unmanaged.map((g) => ({ kind: 'manage-group', name: g.name })) });
      await sendRequests(cmd, groups.map((g) => ({ kind: verb, group: g.name, ...(o.node ? { target: o.node } : {}) })), o.wait);
    });
  }
  rg.command('switch').argument('<group>').requiredOption('-n, --node <node>', 'node (or node:zone) to switch to').option('--no-wait', 'return at once')
    .description('move a group to another node').action(async (group: string, o: { node: string; wait: boolean }, cmd: Command) => {
      await sendRequest(cmd, { kind: 'switch', group, target: o.node }, o.wait);
    });
  rg.command('evacuate').requiredOption('-n, --node <node>', 'node to empty').option('-T, --seconds <s>', 'keep groups off the node for this long', '60').option('--no-wait', 'return at once')
    .description('move every group off a node').action(async (o: { node: string; seconds: string; wait: boolean }, cmd: Command) => {
      const seconds = Number(o.seconds);
      if (!Number.isInteger(seconds) || seconds < 0) throw usageError(`-T ${o.seconds}: must be a whole number of seconds`);
      await sendRequest(cmd, { kind: 'evacuate', node: o.node, seconds }, o.wait);
    });
}
