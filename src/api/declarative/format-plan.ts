import { formatAssignment, type Assignment, type ConfigChange, type PropertyReset } from '../../model/index.js';

const assignments = (list: readonly Assignment[]): string => list.map(formatAssignment).join(' ');
const resets = (list: readonly PropertyReset[] | undefined): string =>
  (list ?? []).map((r) => `${r.name}${r.nodes === undefined ? '' : `{${r.nodes.join(',')}}`}`).join(' ');

function details(set: readonly Assignment[], reset?: readonly PropertyReset[]): string {
  const parts: string[] = [];
  if (set.length > 0) parts.push(assignments(set));
  if (reset !== undefined && reset.length > 0) parts.push(`reset ${resets(reset)}`);
  return parts.length > 0 ? `: ${parts.join('; ')}` : '';
}

/** One line per change: `+` creates, `~` changes, `-` deletes, `*` switches a state. */
export function formatChange(c: ConfigChange): string {
  switch (c.kind) {
    case 'set-cluster-name': return `~ cluster name ${c.name}`;
    case 'add-node': return `+ node ${c.name}${c.id === undefined ? '' : ` (id ${c.id})`}${c.zones && c.zones.length > 0 ? ` zones ${c.zones.join(',')}` : ''}`;
    case 'remove-node': return `- node ${c.name}`;
    case 'set-node-zones': return `~ node ${c.name}: zones ${c.zones.length > 0 ? c.zones.join(',') : '(none)'}`;
    case 'register-type': return `+ type ${c.type.name} (${c.type.source === 'builtin' ? 'built in' : `from ${c.type.source}`})`;
    case 'unregister-type': return `- type ${c.name}`;
    case 'create-group': return `+ group ${c.name}${c.flavor === 'userApplication' ? ' (userApplication)' : ''}${details(c.assignments)}`;
    case 'set-group': return `~ group ${c.name}${details(c.assignments, c.reset)}`;
    case 'delete-group': return `- group ${c.name}${c.force === true ? ' (forced, with its resources)' : ''}`;
    case 'manage-group': return `* manage group ${c.name}`;
    case 'unmanage-group': return `* unmanage group ${c.name}`;
    case 'suspend-group': return `* suspend group ${c.name}`;
    case 'resume-group': return `* resume group ${c.name}`;
    case 'create-resource': return `+ resource ${c.name} (type ${c.type}, group ${c.group}, ${c.enabled ? 'enabled' : 'disabled'}${c.monitored === false ? ', unmonitored' : ''})${details(c.assignments)}`;
    case 'set-resource': return `~ resource ${c.name}${details(c.assignments, c.reset)}`;
    case 'delete-resource': return `- resource ${c.name}`;
    case 'enable-resource': return `* enable resource ${c.name}`;
    case 'disable-resource': return `* disable resource ${c.name}`;
    case 'monitor-resource': return `* monitor resource ${c.name}`;
    case 'unmonitor-resource': return `* unmonitor resource ${c.name}`;
  }
}

/** The plan `ferry apply --dry-run` prints: one line per change, in the order they are applied. */
export function formatPlan(changes: readonly ConfigChange[]): string {
  if (changes.length === 0) return 'no changes: the cluster already matches';
  return changes.map(formatChange).join('\n');
}
