/** Receives the store's few operational messages (recovery, snapshots); the store never prints. */
export type StoreLogger = (level: 'info' | 'warn', message: string) => void;

export interface MemoryStoreOptions {
  /** Revisions kept for watches that start in the past; older ones fail with CompactedError. Default 10,000. */
  readonly historyRevisions?: number;
}

export interface EmbeddedStoreOptions extends MemoryStoreOptions {
  /** The data directory; created if missing. Only one process may have it open. */
  readonly dir: string;
  /**
   * fsync the WAL before a txn resolves (default true): acknowledged writes survive power loss.
   * With false they survive a crash of the process (kill -9) but not of the machine.
   */
  readonly fsync?: boolean;
  /** WAL records between snapshots (default 10,000); bounds the replay work at open. */
  readonly snapshotEvery?: number;
  readonly logger?: StoreLogger;
}

export const DEFAULT_HISTORY_REVISIONS = 10_000;
export const DEFAULT_SNAPSHOT_EVERY = 10_000;

/** Validates a count option; the message names the option. */
export function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
