import { METHOD_NAMES, illegalNameReason, illegalValueReason, type InitNodes, type MethodName } from '../model/index.js';
import type { Diagnostics } from './diagnostic.js';
import type { Token } from './lexer.js';
import type { RtDeclaration, RtrSyntax } from './syntax.js';
import { booleanStatement, checkDescription, illegalVersionReason, readInt, singleValue } from './values.js';

/** Highest API_version of any known release (Oracle Solaris Cluster 4.2, spec §0.1). */
export const MAX_API_VERSION = 22;

type RtAttributeKind = 'name' | 'text' | 'version' | 'int' | 'boolean' | 'initNodes' | 'path' | 'list' | 'method';

const METHOD_BY_KEYWORD: ReadonlyMap<string, MethodName> = new Map(METHOD_NAMES.map((m) => [m.toUpperCase(), m]));

/** Resource type properties an RTR file may declare (rt_properties(5)), by upper-case keyword. */
const RT_ATTRIBUTES: ReadonlyMap<string, RtAttributeKind> = new Map<string, RtAttributeKind>([
  ['RESOURCE_TYPE', 'name'], ['VENDOR_ID', 'name'], ['RT_DESCRIPTION', 'text'], ['RT_VERSION', 'version'],
  ['API_VERSION', 'int'], ['FAILOVER', 'boolean'], ['SINGLE_INSTANCE', 'boolean'], ['GLOBAL_ZONE', 'boolean'],
  ['PROXY', 'boolean'], ['RT_SYSTEM', 'boolean'], ['IS_LOGICAL_HOSTNAME', 'boolean'], ['IS_SHARED_ADDRESS', 'boolean'],
  ['INIT_NODES', 'initNodes'], ['RT_BASEDIR', 'path'], ['PKGLIST', 'list'],
  ...[...METHOD_BY_KEYWORD.keys()].map((k): [string, RtAttributeKind] => [k, 'method']),
]);

/** Resource type properties that exist but cannot be declared in an RTR file, and why. */
const NOT_DECLARABLE: Readonly<Record<string, string>> = {
  INSTALLED_NODES: 'is set by the administrator when registering the type, not in the RTR file',
  RESOURCE_LIST: 'is query-only and cannot be declared in the RTR file',
  SYSDEFINED_TYPE: 'is query-only and cannot be declared in the RTR file',
};

/** Property attributes a writer may put at top level by mistake, to explain the error. */
const ENTRY_ONLY = new Set(['PROPERTY', 'EXTENSION', 'DEFAULT', 'TUNABLE', 'DESCRIPTION', 'MIN', 'MAX', 'PER_NODE']);

/** The resource-type section as declared; absent fields take rt_properties(5) defaults later. */
export interface RtSection {
  resourceType?: string;
  vendorId?: string;
  description?: string;
  rtVersion?: string;
  apiVersion?: number;
  baseDir?: string;
  failover?: boolean;
  singleInstance?: boolean;
  globalZone?: boolean;
  proxy?: boolean;
  rtSystem?: boolean;
  isLogicalHostname?: boolean;
  isSharedAddress?: boolean;
  initNodes?: InitNodes;
  pkglist?: string[];
  methods: Partial<Record<MethodName, string>>;
  /** Name token of every declared attribute, by upper-case keyword (also when its value was bad). */
  readonly declaredAt: Map<string, Token>;
  /** Value token of each declared method, for path problems. */
  readonly methodValueAt: Partial<Record<MethodName, Token>>;
}

/** Reads the resource-type declarations: ordering, known names, one value of the right kind each. */
export function readRtSection(syntax: RtrSyntax, diags: Diagnostics): RtSection {
  const section: RtSection = { methods: {}, declaredAt: new Map(), methodValueAt: {} };
  const firstEntry = syntax.entries[0];
  syntax.declarations.forEach((decl, index) => {
    const name = decl.assignment.name;
    const key = name.text.toUpperCase();
    if (index === 0 && key !== 'RESOURCE_TYPE') {
      diags.error(name, `the first declaration must be RESOURCE_TYPE, not ${name.text}`);
    }
    if (firstEntry !== undefined && decl.seq > firstEntry.seq && !ENTRY_ONLY.has(key)) {
      diags.error(name, `resource type property ${name.text} must come before the paramtable (which starts at line ${firstEntry.open.line})`);
    }
    const kind = RT_ATTRIBUTES.get(key);
    if (kind === undefined) {
      const why = NOT_DECLARABLE[key];
      if (why !== undefined) diags.error(name, `${name.text} ${why}`);
      else if (ENTRY_ONLY.has(key)) diags.error(name, `${name.text} is a property attribute and belongs inside a { … } paramtable entry`);
      else diags.error(name, `unknown resource type property ${name.text}`);
      return;
    }
    const earlier = section.declaredAt.get(key);
    if (earlier !== undefined) {
      diags.error(name, `${name.text} is declared twice (first at ${earlier.line}:${earlier.column})`);
      return;
    }
    section.declaredAt.set(key, name);
    if (!decl.assignment.broken) readValue(section, key, kind, decl, diags);
  });
  return section;
}

function readValue(section: RtSection, key: string, kind: RtAttributeKind, decl: RtDeclaration, diags: Diagnostics): void {
  const a = decl.assignment;
  switch (kind) {
    case 'name': {
      const v = singleValue(a, diags);
      if (v === undefined) return;
      const why = illegalNameReason(v.text);
      if (why !== undefined) diags.error(v, `${a.name.text} "${v.text}" ${why}`);
      if (key === 'RESOURCE_TYPE') section.resourceType = v.text;
      else section.vendorId = v.text;
      return;
    }
    case 'text': {
      const v = singleValue(a, diags, true);
      if (v === undefined) return;
      checkDescription(v, a.name.text, diags);
      section.description = v.text;
      return;
    }
    case 'version': {
      const v = singleValue(a, diags, true);
      if (v === undefined) return;
      const why = illegalVersionReason(v.text);
      if (why !== undefined) diags.error(v, `RT_VERSION "${v.text}" ${why}`);
      section.rtVersion = v.text;
      return;
    }
    case 'int': {
      const v = singleValue(a, diags);
      const n = v === undefined ? undefined : readInt(v, a.name.text, diags);
      if (v === undefined || n === undefined) return;
      if (n < 1 || n > MAX_API_VERSION) diags.error(v, `API_VERSION ${n} is not supported (1 to ${MAX_API_VERSION})`);
      section.apiVersion = n;
      return;
    }
    case 'boolean': {
      const b = booleanStatement(a, diags);
      if (b !== undefined) setBoolean(section, key, b);
      return;
    }
    case 'initNodes': {
      const v = singleValue(a, diags);
      if (v === undefined) return;
      const upper = v.text.toUpperCase();
      if (upper === 'RG_PRIMARIES' || upper === 'RT_INSTALLED_NODES') section.initNodes = upper;
      else diags.error(v, `INIT_NODES must be RG_PRIMARIES or RT_INSTALLED_NODES, not "${v.text}"`);
      return;
    }
    case 'path': {
      const v = singleValue(a, diags);
      if (v === undefined) return;
      if (!v.text.startsWith('/')) {
        const hint = /[()$@%{}]/.test(v.text) ? ' (an unsubstituted install-time placeholder?)' : '';
        diags.warn(v, `RT_BASEDIR "${v.text}" is not an absolute path${hint}`);
      }
      section.baseDir = v.text;
      return;
    }
    case 'list': {
      const items = a.values.length === 1 && a.values[0]?.text === '' ? [] : a.values;
      for (const item of items) {
        const why = item.text === '' ? 'list elements must not be empty' : illegalValueReason(item.text, false);
        if (why !== undefined) diags.error(item, `${a.name.text}: ${why}`);
      }
      section.pkglist = items.map((t) => t.text);
      return;
    }
    case 'method': {
      const method = METHOD_BY_KEYWORD.get(key);
      const v = singleValue(a, diags);
      if (v === undefined || method === undefined) return;
      if (/[\s]/.test(v.text)) diags.error(v, `${a.name.text} path "${v.text}" must not contain blanks`);
      section.methods[method] = v.text;
      section.methodValueAt[method] = v;
      return;
    }
  }
}

function setBoolean(section: RtSection, key: string, value: boolean): void {
  switch (key) {
    case 'FAILOVER': section.failover = value; break;
    case 'SINGLE_INSTANCE': section.singleInstance = value; break;
    case 'GLOBAL_ZONE': section.globalZone = value; break;
    case 'PROXY': section.proxy = value; break;
    case 'RT_SYSTEM': section.rtSystem = value; break;
    case 'IS_LOGICAL_HOSTNAME': section.isLogicalHostname = value; break;
    case 'IS_SHARED_ADDRESS': section.isSharedAddress = value; break;
  }
}
