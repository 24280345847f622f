/** Another live process (or this one) has the data directory open. */
export class StoreLockedError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(`store directory ${dir} is already in use by process ${pid}${pid === process.pid ? ' (this process)' : ''}`);
    this.name = 'StoreLockedError';
  }
}

/**
 * The data directory holds something the store cannot trust (a damaged snapshot, a gap in the log,
 * damage before the last WAL segment). The store refuses to open rather than lose acknowledged writes.
 */
export class StoreCorruptError extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`store file ${file} is damaged: ${reason}`);
    this.name = 'StoreCorruptError';
  }
}
