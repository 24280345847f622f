import { lookupType, type ClusterConfig, type Resource, type ResourceGroup, type ResourceType } from '../../model/index.js';
import { CliError } from '../errors.js';

export function findType(config: ClusterConfig, name: string): ResourceType {
  const t = lookupType(config.types, name);
  if (!t) throw new CliError(`resource type ${name}: not registered`);
  return t;
}

export function findGroup(config: ClusterConfig, name: string): ResourceGroup {
  const g = config.groups.find((x) => x.name === name);
  if (!g) throw new CliError(`resource group ${name}: no such group`);
  return g;
}

export function findResource(config: ClusterConfig, name: string): Resource {
  const r = config.resources.find((x) => x.name === name);
  if (!r) throw new CliError(`resource ${name}: no such resource`);
  return r;
}
