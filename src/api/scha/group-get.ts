import type { GroupState, ResourceGroup, TargetKey } from '../../model/index.js';
import { findSchema, GROUP_PROPERTIES, groupValue } from '../../model/index.js';
import { deriveGroupStates } from '../../policy/index.js';
import { SchaError } from './errors.js';
import { findGroup, targetArg, targetsOfGroup, type Caller, type SchaSnapshot } from './lookup.js';
import { schemaValue } from './values.js';
import type { SchaGetRequest, SchaValue } from './wire.js';

/** A group's state on a target (spec §4.3), derived by the policy from the stored status. */
export function groupStateOn(snap: SchaSnapshot, g: ResourceGroup, target: TargetKey): GroupState {
  if (!g.managed) return 'UNMANAGED';
  if (snap.status === undefined) return 'OFFLINE';
  return deriveGroupStates(snap.config, snap.status, snap.nowMs)[g.name]?.[target] ?? 'OFFLINE';
}

function noOperands(req: SchaGetRequest, optag: string): void {
  if (req.args.length > 0) throw new SchaError('SCHA_ERR_INVAL', `${optag}: unexpected operand "${req.args[0] ?? ''}"`);
}

/**
 * scha_resourcegroup_get -O optag -G group [args] (spec §5.3): the group's standard properties,
 * its members and its state per node (RG_STATE for the caller's node, RG_STATE_NODE for a named one).
 */
export function resourceGroupGet(snap: SchaSnapshot, caller: Caller, req: SchaGetRequest): SchaValue {
  const g = findGroup(snap, caller, req.group);
  const optag = req.optag.toUpperCase();
  const runtime = snap.status?.groups[g.name];
  switch (optag) {
    case 'RG_STATE':
      noOperands(req, optag);
      return { kind: 'enum', value: groupStateOn(snap, g, caller.target) };
    case 'RG_STATE_NODE': {
      if (req.args.length !== 1) throw new SchaError('SCHA_ERR_INVAL', `${optag} needs exactly one node name operand`);
      return { kind: 'enum', value: groupStateOn(snap, g, targetArg(snap, req.args[0], optag)) };
    }
    case 'NODELIST':
      noOperands(req, optag);
      return { kind: 'array', values: targetsOfGroup(snap.config, g.name) };
    case 'RESOURCE_LIST':
      noOperands(req, optag);
      return { kind: 'array', values: snap.config.resources.filter((r) => r.group === g.name).map((r) => r.name) };
    case 'SUSPEND_AUTOMATIC_RECOVERY':
      noOperands(req, optag);
      return { kind: 'boolean', value: runtime?.suspended ?? g.suspended };
    case 'RG_IS_FROZEN':
      noOperands(req, optag);
      return { kind: 'boolean', value: false };
    case 'TARGET_NODES':
      noOperands(req, optag);
      return { kind: 'array', values: [...(runtime?.request?.targets ?? [])] };
    case 'MANAGED':
      noOperands(req, optag);
      return { kind: 'boolean', value: g.managed };
    default: {
      const schema = findSchema(GROUP_PROPERTIES, optag);
      if (!schema) throw new SchaError('SCHA_ERR_TAG', `${req.optag} is not a resource group optag`);
      noOperands(req, optag);
      return schemaValue(schema, groupValue(g, schema.name));
    }
  }
}
