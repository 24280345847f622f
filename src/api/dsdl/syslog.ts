/** syslog(3) priorities, as scds_syslog takes them. */
export type SyslogPriority = 'emerg' | 'alert' | 'crit' | 'err' | 'warning' | 'notice' | 'info' | 'debug';

/**
 * scds_syslog / scds_syslog_debug in the spirit of the original: one line per message, tagged
 * `SC[type,group,resource,method]` as Sun Cluster agents tag theirs, written to the method's stderr
 * (the node agent appends it to the resource's method log, `<data>/nodes/<node>/logs/<resource>.log`).
 * Debug messages are written only up to `debugLevel` (1–9; 0 = none).
 */
export class SyslogWriter {
  constructor(
    private readonly tag: string,
    private readonly write: (line: string) => void,
    private readonly debugLevel = 0,
    private readonly clock: () => number = Date.now,
  ) {}

  log(priority: SyslogPriority, message: string): void {
    this.write(`${new Date(this.clock()).toISOString()} ${priority} ${this.tag}: ${message.replace(/\n/g, ' ')}\n`);
  }

  debug(level: number, message: string): void {
    if (level <= this.debugLevel) this.log('debug', message);
  }
}

export const syslogTag = (type: string, group: string, resource: string, method: string): string => `SC[${type},${group},${resource},${method}]`;
