import { METHOD_NAMES, fullTypeName, type MethodName, type PropertySchema, type ResourceType, type UpgradeFrom } from '../model/index.js';
import { Diagnostics, type RtrDiagnostic } from './diagnostic.js';
import { tokenize } from './lexer.js';
import { readParamtable } from './paramtable.js';
import { parseSyntax } from './parser.js';
import { readRtSection, type RtSection } from './rt-attributes.js';
import { readUpgrade } from './upgrade.js';
import { validateTypeSection } from './validate.js';

/**
 * A registered type and its warnings, or every error of the file (never only the first; the
 * warnings of a rejected file are left out). Diagnostics are in file order.
 */
export type RtrResult =
  | { readonly ok: true; readonly type: ResourceType; readonly warnings: readonly RtrDiagnostic[] }
  | { readonly ok: false; readonly errors: readonly RtrDiagnostic[] };

/**
 * Parses and validates one RTR file. `file` names it in diagnostics and becomes the type's
 * `source`. Pure: the caller reads the file. Never throws on any input text.
 */
export function parseRtr(text: string, file: string): RtrResult {
  const diags = new Diagnostics(file);
  const syntax = parseSyntax(tokenize(text, diags), diags);
  const rt = readRtSection(syntax, diags);
  const upgrade = readUpgrade(syntax, diags);
  validateTypeSection(rt, syntax, diags);
  const methods = new Set(METHOD_NAMES.filter((m) => rt.methods[m] !== undefined));
  const properties = readParamtable(syntax.entries, { methods, globalZone: rt.globalZone === true }, diags);
  if (diags.hasErrors || rt.resourceType === undefined || rt.rtVersion === undefined) {
    return { ok: false, errors: diags.errors() };
  }
  return { ok: true, type: buildType(rt, rt.resourceType, rt.rtVersion, properties, upgrade, file), warnings: diags.warnings() };
}

/** The ResourceType with rt_properties(5) defaults for what the file leaves out, in a fixed key order. */
function buildType(
  rt: RtSection, resourceType: string, rtVersion: string, properties: readonly PropertySchema[],
  upgrade: { readonly from: readonly UpgradeFrom[] } | undefined, source: string,
): ResourceType {
  const methods: Partial<Record<MethodName, string>> = {};
  for (const m of METHOD_NAMES) {
    const path = rt.methods[m];
    if (path !== undefined) methods[m] = path;
  }
  return {
    name: fullTypeName(resourceType, rt.vendorId, rtVersion),
    resourceType,
    ...(rt.vendorId !== undefined ? { vendorId: rt.vendorId } : {}),
    rtVersion,
    apiVersion: rt.apiVersion ?? 2,
    ...(rt.description !== undefined ? { description: rt.description } : {}),
    ...(rt.baseDir !== undefined ? { baseDir: rt.baseDir } : {}),
    failover: rt.failover ?? false,
    singleInstance: rt.singleInstance ?? false,
    globalZone: rt.globalZone ?? false,
    proxy: rt.proxy ?? false,
    rtSystem: rt.rtSystem ?? false,
    initNodes: rt.initNodes ?? 'RG_PRIMARIES',
    installedNodes: '*',
    pkglist: rt.pkglist ?? [],
    isLogicalHostname: rt.isLogicalHostname ?? false,
    isSharedAddress: rt.isSharedAddress ?? false,
    methods,
    properties,
    ...(upgrade !== undefined ? { upgrade } : {}),
    source,
  };
}
