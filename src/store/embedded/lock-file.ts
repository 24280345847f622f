import { randomUUID } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreLockedError } from './errors.js';

/** Who holds a data directory: enough to tell a live holder from a stale file after a crash or reboot. */
interface LockHolder {
  readonly pid: number;
  /** Kernel boot id: a lock written before a reboot is stale whatever its pid. */
  readonly bootId?: string;
  /** The holder's start time in clock ticks since boot (/proc/PID/stat), so a reused pid is not mistaken for it. */
  readonly startTicks?: number;
}

export interface DirLock {
  release(): Promise<void>;
}

export const LOCK_FILE = 'LOCK';

/**
 * Takes the data directory's lock file (`LOCK`, a small JSON naming the holder). The file is created
 * complete and atomically (written aside, then hard-linked into place), so it is never seen empty.
 * A lock whose holder is dead — no such process, a zombie, a reused pid, or an earlier boot — is
 * stale and taken over; a live holder makes this throw `StoreLockedError` naming the directory.
 */
export async function acquireDirLock(dir: string): Promise<DirLock> {
  const path = join(dir, LOCK_FILE);
  const { isZombie: _isZombie, ...me } = await describeProcess(process.pid);
  const tmp = join(dir, `${LOCK_FILE}.${process.pid}.${randomUUID()}`);
  await writeFile(tmp, JSON.stringify(me) + '\n', { flush: true });
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        await link(tmp, path);
        return { release: () => rm(path, { force: true }) };
      } catch (err) {
        if (!isCode(err, 'EEXIST')) throw err;
      }
      const holder = await readHolder(path);
      if (holder === 'gone') continue;
      if (holder !== 'unreadable' && (await isAlive(holder))) throw new StoreLockedError(dir, holder.pid);
      await takeOverStale(path, holder);
    }
    throw new Error(`could not take the lock ${path}: it keeps changing`);
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Moves the stale lock aside. If another opener replaced it in the meantime with a live lock, puts
 * that one back (link fails if a third opener already took the name, which then wins).
 */
async function takeOverStale(path: string, judged: LockHolder | 'unreadable'): Promise<void> {
  const aside = `${path}.stale.${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return;
    throw err;
  }
  const moved = await readHolder(aside);
  if (moved !== 'gone' && moved !== 'unreadable' && JSON.stringify(moved) !== JSON.stringify(judged) && (await isAlive(moved))) {
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

async function readHolder(path: string): Promise<LockHolder | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isCode(err, 'ENOENT')) return 'gone';
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || !Number.isSafeInteger(parsed.pid) || parsed.pid <= 0) return 'unreadable';
    return parsed as LockHolder;
  } catch {
    // Older or foreign format: a bare pid.
    const pid = Number(text.trim());
    return Number.isSafeInteger(pid) && pid > 0 ? { pid } : 'unreadable';
  }
}

async function isAlive(holder: LockHolder): Promise<boolean> {
  const now = await describeProcess(holder.pid);
  if (holder.bootId !== undefined && now.bootId !== undefined && holder.bootId !== now.bootId) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if (isCode(err, 'ESRCH')) return false;
    // EPERM: it exists but belongs to someone else.
  }
  if (now.isZombie === true) return false;
  if (holder.startTicks !== undefined && now.startTicks !== undefined && holder.startTicks !== now.startTicks) return false;
  return true;
}

async function describeProcess(pid: number): Promise<LockHolder & { readonly isZombie?: boolean }> {
  const bootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => '')).trim();
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after "(comm)": state is field 3, starttime field 22 (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[19]);
  return {
    pid,
    ...(bootId === '' ? {} : { bootId }),
    ...(stat === '' || !Number.isSafeInteger(startTicks) ? {} : { startTicks }),
    ...(stat === '' ? {} : { isZombie: fields[0] === 'Z' }),
  };
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
