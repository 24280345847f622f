import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatValue, type ClusterConfig, type ResourceType } from '../../model/index.js';
import { formatDiagnostic, parseRtr } from '../../rtr/index.js';
import { api } from '../client.js';
import { CliError, EXIT } from '../errors.js';
import { emit, table } from '../output.js';
import { outFor } from '../context.js';
import { findType } from './lookup.js';
import { DEFAULT_START, writeScaffold } from './rt-scaffold.js';

async function readRtr(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

export function typeSummary(t: ResourceType): string {
  const rows: [string, string][] = [
    ['Resource Type', t.name], ['RT_description', t.description ?? ''], ['RT_version', t.rtVersion], ['API_version', String(t.apiVersion)],
    ['RT_basedir', t.baseDir ?? ''], ['Single_instance', formatValue(t.singleInstance)], ['Proxy', formatValue(t.proxy)],
    ['Init_nodes', t.initNodes], ['Installed_nodes', t.installedNodes === '*' ? '<All>' : t.installedNodes.join(',')],
    ['Failover', formatValue(t.failover)], ['Global_zone', formatValue(t.globalZone)], ['Pkglist', t.pkglist.join(',')],
    ['Methods', Object.keys(t.methods).join(', ')], ['Source', t.source],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const props = t.properties.map((p) => [p.name, p.extension ? 'extension' : 'system', p.type, p.default === undefined ? '' : formatValue(p.default), p.tunable]);
  return `${rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join('\n')}\n\n${table(['Property', 'Class', 'Type', 'Default', 'Tunable'], props)}`;
}

export function registerRtCommands(program: Command): void {
  const rt = program.command('rt').alias('resourcetype').description('resource types (like clrt)');

  rt.command('validate').argument('<file>', 'RTR file').description('check an RTR file; no cluster needed')
    .action(async (file: string, _o, cmd: Command) => {
      const parsed = parseRtr(await readRtr(file), file);
      const out = outFor(cmd);
      if (!parsed.ok) {
        if (out.json) out.print(JSON.stringify({ ok: false, errors: parsed.errors }, null, 2));
        const lines = parsed.errors.map(formatDiagnostic);
        throw new CliError(lines[0] ?? `${file}: invalid`, EXIT.failed, lines.slice(1));
      }
      emit(out, { ok: true, type: parsed.type }, (d) => `${file}: valid resource type ${d.type.name}\n${typeSummary(d.type)}`);
    });

  rt.command('register').argument('[file]', 'RTR file').option('-f, --file <file>', 'RTR file')
    .option('--trust-global-zone', 'allow a GLOBAL_ZONE = TRUE type (its methods escape zone isolation)')
    .option('--dry-run', 'check only')
    .description('register a resource type from its RTR file')
    .action(async (fileArg: string | undefined, o: { file?: string; trustGlobalZone?: boolean; dryRun?: boolean }, cmd: Command) => {
      const file = o.file ?? fileArg;
      if (!file) throw new CliError('rt register: give the RTR file (ferry rt register FILE)', EXIT.usage);
      const r = await api<{ type: ResourceType; generation: number; applied: boolean }>('POST', '/v1/types', {
        rtrText: await readRtr(file), file: resolve(file), trustGlobalZone: o.trustGlobalZone === true, dryRun: o.dryRun === true,
      });
      emit(outFor(cmd), r, (d) => `${d.applied ? 'registered' : 'would register'} resource type ${d.type.name} (generation ${d.generation})`);
    });

  rt.command('unregister').argument('<type>').description('unregister a resource type no resource uses')
    .action(async (name: string, _o, cmd: Command) => {
      const type = findType(await config(), name);
      const r = await api<{ generation: number }>('POST', '/v1/changes', { changes: [{ kind: 'unregister-type', name: type.name }] });
      emit(outFor(cmd), { unregistered: type.name, generation: r.generation }, (d) => `unregistered resource type ${d.unregistered}`);
    });

  rt.command('list').description('list registered resource types').action(async (_o, cmd: Command) => {
    const c = await config();
    emit(outFor(cmd), c.types.map((t) => t.name), (names) => names.join('\n'));
  });

  rt.command('scaffold').argument('<name>', 'resource type name')
    .option('--dir <dir>', 'directory to write into (default ./NAME)')
    .option('--start <command>', 'command that runs the service in the foreground', DEFAULT_START)
    .option('--probe-port <port>', 'TCP port on 127.0.0.1 the probe connects to (0: only check the process)', '0')
    .description('write an RTR file and shell methods for a command-line service (like Agent Builder); no cluster needed')
    .action(async (name: string, o: { dir?: string; start: string; probePort: string }, cmd: Command) => {
      if (!/^[0-9]{1,5}$/.test(o.probePort)) throw new CliError(`rt scaffold: --probe-port must be a port number 0-65535, not "${o.probePort}"`, EXIT.usage);
      const r = await writeScaffold({ name, start: o.start, probePort: Number(o.probePort), ...(o.dir === undefined ? {} : { dir: o.dir }) });
      emit(outFor(cmd), r, (d) => `wrote resource type ${d.type} in ${d.dir}:\n${d.files.map((f) => `  ${f}`).join('\n')}\nregister it with: ferry rt register ${d.rtrFile}`);
    });

  rt.command('show').argument('[type]').description('show resource types and their properties').action(async (name: string | undefined, _o, cmd: Command) => {
    const c = await config();
    const types = name ? [findType(c, name)] : c.types;
    emit(outFor(cmd), types, (ts) => ts.map(typeSummary).join('\n\n'));
  });
}

export async function config(): Promise<ClusterConfig> {
  return (await api<{ config: ClusterConfig }>('GET', '/v1/config')).config;
}
