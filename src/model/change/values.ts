import type { Problem } from '../result.js';
import { checkValue, findSchema, parseValue, type PropertySchema, type PropertyValue } from '../property.js';
import type { Assignment } from './assignment.js';
import type { PropertyReset } from './change.js';
import type { Draft } from './draft.js';
import { fromValueProblem, type ProblemTarget } from './problems.js';

/** Mutable working copy of an object's property values, keyed by declared property name. */
export interface PropertyBag {
  readonly values: Record<string, PropertyValue>;
  readonly perNode: Record<string, Record<string, PropertyValue>>;
}

export interface AssignContext {
  readonly draft: Draft;
  /** The object (group or resource) whose properties these are. */
  readonly owner: ProblemTarget;
  readonly schemas: readonly PropertySchema[];
  readonly phase: 'create' | 'set';
  /** Why `schema` may not be changed now (only asked on set), or undefined when it may. */
  readonly notTunable: (schema: PropertySchema) => string | undefined;
  /** The reason text for a property name no schema has. */
  readonly unknown: (name: string) => string;
}

/** Why a property with this tunability may not be set after creation; `whenDisabled` is the object's own rule. */
export function tunabilityReason(schema: PropertySchema, whenDisabled: () => string | undefined): string | undefined {
  switch (schema.tunable) {
    case 'NONE': return 'cannot be changed after creation (Tunable NONE)';
    case 'AT_CREATION': return 'can be set only at creation (Tunable AT_CREATION)';
    case 'WHEN_DISABLED': return whenDisabled();
    case 'ANYTIME': return undefined;
  }
}

/** Finds the schema and checks the rules every assignment and reset share; undefined when refused. */
function schemaFor(ctx: AssignContext, name: string, nodes: readonly string[] | undefined, isReset = false): PropertySchema | undefined {
  const { draft, owner } = ctx;
  const schema = findSchema(ctx.schemas, name);
  if (!schema) {
    draft.report('unknown-property', { ...owner, property: name }, ctx.unknown(name));
    return undefined;
  }
  const at = { ...owner, property: schema.name };
  let refused = false;
  if (ctx.phase === 'set') {
    const why = ctx.notTunable(schema);
    if (why !== undefined) {
      draft.report('not-tunable', at, why);
      refused = true;
    }
  }
  if (nodes !== undefined) {
    if (!schema.perNode) {
      draft.report('invalid-value', at, 'is not a per-node property; set it without {node}');
      refused = true;
    }
    // Values for a node that is gone may still be reset (removing a node and its values together).
    for (const n of isReset ? [] : nodes) {
      if (draft.node(n) === undefined) {
        draft.report('unknown-node', { ...at, node: n }, `names node ${n}, which is not a cluster node`);
        refused = true;
      }
    }
  }
  return refused ? undefined : schema;
}

function currentValue(bag: PropertyBag, schema: PropertySchema, node: string | undefined): PropertyValue | undefined {
  const own = node === undefined ? undefined : bag.perNode[schema.name]?.[node];
  return own ?? bag.values[schema.name] ?? schema.default;
}

function store(bag: PropertyBag, schema: PropertySchema, node: string | undefined, value: PropertyValue): void {
  if (node === undefined) bag.values[schema.name] = value;
  else bag.perNode[schema.name] = { ...bag.perNode[schema.name], [node]: value };
}

/** Applies assignments in order; each refused one is reported and leaves the bag as it was. */
export function assign(bag: PropertyBag, assignments: readonly Assignment[], ctx: AssignContext): void {
  for (const a of assignments) {
    if (ctx.phase === 'create' && a.op !== '=') {
      ctx.draft.report('invalid-value', { ...ctx.owner, property: a.name }, `cannot use "${a.op}" at creation; use "="`);
      continue;
    }
    const schema = schemaFor(ctx, a.name, a.nodes);
    if (!schema) continue;
    if (a.op !== '=' && schema.type !== 'STRINGARRAY') {
      ctx.draft.report('wrong-type', { ...ctx.owner, property: schema.name }, `is a single ${schema.type} value; "${a.op}" works only on lists (STRINGARRAY)`);
      continue;
    }
    for (const node of a.nodes ?? [undefined]) assignOne(bag, schema, a, node, ctx);
  }
}

function assignOne(bag: PropertyBag, schema: PropertySchema, a: Assignment, node: string | undefined, ctx: AssignContext): void {
  const at: ProblemTarget = node === undefined ? { ...ctx.owner, property: schema.name } : { ...ctx.owner, property: schema.name, node };
  const phraseSubject = `property ${schema.name}${node === undefined ? '' : `{${node}}`}`;
  const parsed = parseValue(schema, a.value, phraseSubject);
  if (isProblem(parsed)) {
    ctx.draft.problems.push(fromValueProblem(parsed, at));
    return;
  }
  let value: PropertyValue = parsed;
  if (a.op !== '=') {
    const before = currentValue(bag, schema, node);
    const list = Array.isArray(before) ? [...(before as readonly string[])] : [];
    const items = parsed as readonly string[];
    if (a.op === '+=') {
      for (const item of items) if (!list.includes(item)) list.push(item);
    } else {
      let missing = false;
      for (const item of items) {
        const i = list.indexOf(item);
        if (i < 0) {
          ctx.draft.report('invalid-value', at, `does not contain "${item}", so it cannot be removed`);
          missing = true;
        } else list.splice(i, 1);
      }
      if (missing) return;
    }
    value = list;
  }
  const bad = checkValue(schema, value, phraseSubject);
  if (bad.length > 0) {
    for (const p of bad) ctx.draft.problems.push(fromValueProblem(p, at));
    return;
  }
  store(bag, schema, node, value);
}

/** Removes configured values so the defaults apply again (subject to the same tunability rules). */
export function resetProperties(bag: PropertyBag, resets: readonly PropertyReset[], ctx: AssignContext): void {
  for (const r of resets) {
    const schema = schemaFor(ctx, r.name, r.nodes, true);
    if (!schema) continue;
    if (r.nodes === undefined) {
      delete bag.values[schema.name];
      continue;
    }
    const perNode = { ...bag.perNode[schema.name] };
    for (const n of r.nodes) delete perNode[n];
    if (Object.keys(perNode).length === 0) delete bag.perNode[schema.name];
    else bag.perNode[schema.name] = perNode;
  }
}

/** At creation: every property without a default must be given a value. */
export function reportMissingRequired(bag: PropertyBag, ctx: AssignContext): void {
  for (const s of ctx.schemas) {
    if (s.default === undefined && bag.values[s.name] === undefined) {
      ctx.draft.report('invalid-value', { ...ctx.owner, property: s.name }, 'has no default and must be given a value at creation');
    }
  }
}

function isProblem(v: PropertyValue | Problem): v is Problem {
  return typeof v === 'object' && !Array.isArray(v) && 'code' in v;
}
