import { problem, type ChangeProblem, type Problem } from '../../model/index.js';
import { positionKey, type DesiredCluster } from './desired.js';

const isChangeProblem = (p: Problem): p is ChangeProblem => 'target' in p && 'reason' in p;

/** The YAML path segments a model problem is about, most specific first. */
function segmentsFor(desired: DesiredCluster, p: ChangeProblem, typeEntry: (name: string) => number | undefined): (string | number)[] | undefined {
  const t = p.target;
  switch (t.object) {
    case 'cluster': return ['cluster'];
    case 'node': return ['nodes', t.name];
    case 'type': {
      const i = typeEntry(t.name);
      return i === undefined ? undefined : ['types', i];
    }
    case 'group': return t.property === undefined ? ['groups', t.name] : ['groups', t.name, 'properties', t.property];
    case 'resource': {
      const group = desired.groups.find((g) => g.resources.some((r) => r.name === t.name));
      if (!group) return undefined;
      const base = ['groups', group.name, 'resources', t.name];
      if (t.property === undefined) return base;
      if (t.property === 'Type') return [...base, 'type'];
      if (t.node !== undefined) return [...base, 'perNode', t.property, t.node];
      const resource = group.resources.find((r) => r.name === t.name);
      const isPerNodeOnly = resource !== undefined
        && Object.keys(resource.perNode).some((k) => k.toLowerCase() === t.property?.toLowerCase())
        && !Object.keys(resource.properties).some((k) => k.toLowerCase() === t.property?.toLowerCase());
      return [...base, isPerNodeOnly ? 'perNode' : 'properties', t.property];
    }
  }
}

/** `= 99 is above its maximum 10` reads badly after a path; say `value 99 …`. */
const readable = (reason: string): string => (reason.startsWith('= ') ? `value ${reason.slice(2)}` : reason);

/**
 * Rewrites a problem from `applyChanges` to point at the file: `cluster.yaml:12:7:
 * groups.web-rg.resources.web-rs.properties.Retry_count: must be an integer, not "x"`. A problem
 * about something the file does not contain (an object it deletes) keeps its own message.
 */
export function locateProblem(desired: DesiredCluster, p: Problem, typeEntry: (name: string) => number | undefined): Problem {
  if (!isChangeProblem(p)) return problem(p.code, p.subject, `${desired.file}: ${p.message}`);
  const segments = segmentsFor(desired, p, typeEntry);
  for (let n = segments?.length ?? 0; segments !== undefined && n > 0; n--) {
    const pos = desired.positions[positionKey(segments.slice(0, n))];
    if (pos === undefined) continue;
    const exact = n === segments.length;
    const reason = exact ? readable(p.reason) : p.message;
    return problem(p.code, pos.path, `${desired.file}:${pos.line}:${pos.column}: ${exact ? `${pos.path}: ` : ''}${reason}`);
  }
  return problem(p.code, p.subject, `${desired.file}: ${p.message}`);
}
