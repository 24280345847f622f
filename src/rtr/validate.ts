import { METHOD_NAMES } from '../model/index.js';
import type { Diagnostics } from './diagnostic.js';
import type { RtSection } from './rt-attributes.js';
import type { RtrSyntax } from './syntax.js';

/**
 * Whole-file rules of the resource-type section (rt_reg(4), rt_properties(5)):
 * RESOURCE_TYPE and RT_VERSION are declared; a START (or PRENET_START) and a STOP (or
 * POSTNET_STOP) method exist; a monitor that is started can be stopped; relative method paths
 * have an RT_BASEDIR to be relative to. Problems about something missing point at the
 * RESOURCE_TYPE declaration, or at the start of the file.
 */
export function validateTypeSection(rt: RtSection, syntax: RtrSyntax, diags: Diagnostics): void {
  const declared = (key: string): boolean => rt.declaredAt.has(key);
  const anchor = rt.declaredAt.get('RESOURCE_TYPE') ?? syntax.start;
  if (!declared('RESOURCE_TYPE')) diags.error(anchor, 'the file declares no RESOURCE_TYPE');
  if (!declared('RT_VERSION')) diags.error(anchor, 'the file declares no RT_VERSION');
  if (!declared('START') && !declared('PRENET_START')) diags.error(anchor, 'the type declares no START method (nor PRENET_START)');
  if (!declared('STOP') && !declared('POSTNET_STOP')) diags.error(anchor, 'the type declares no STOP method (nor POSTNET_STOP)');
  const monitorStart = rt.declaredAt.get('MONITOR_START');
  const monitorStop = rt.declaredAt.get('MONITOR_STOP');
  if (monitorStart !== undefined && monitorStop === undefined) diags.error(monitorStart, 'MONITOR_START is declared without MONITOR_STOP');
  if (monitorStop !== undefined && monitorStart === undefined) diags.error(monitorStop, 'MONITOR_STOP is declared without MONITOR_START');
  if (rt.baseDir === undefined && !declared('RT_BASEDIR')) {
    for (const m of METHOD_NAMES) {
      const path = rt.methods[m];
      const at = rt.methodValueAt[m];
      if (path !== undefined && at !== undefined && !path.startsWith('/')) {
        diags.error(at, `${m.toUpperCase()} path "${path}" is relative but the file declares no RT_BASEDIR`);
      }
    }
  }
}
