import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A loop device over a sparse image file: the "shared disk" every virtual node of one kernel sees. */
export interface LoopDisk {
  readonly device: string;
  readonly image: string;
  readonly sizeBytes: number;
  destroy(): void;
}

export function createLoopDisk(dir: string, name: string, sizeMiB: number): LoopDisk {
  const image = join(dir, `${name}.img`);
  execFileSync('truncate', ['-s', `${sizeMiB}M`, image]);
  const device = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
  return {
    device, image, sizeBytes: sizeMiB * 1024 * 1024,
    destroy: () => {
      try { execFileSync('losetup', ['-d', device], { stdio: 'ignore' }); } catch { /* detached already */ }
      rmSync(image, { force: true });
    },
  };
}

/** Why loop devices and mount namespaces cannot be used here, or undefined. */
export function storageUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (loop devices, mount namespaces)';
  for (const tool of ['losetup', 'mkfs.ext4', 'nsenter', 'unshare', 'fuser']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `needs ${tool}`;
    }
  }
  return undefined;
}

/** The file holding a virtual node's mount namespace (ferry up --private-mounts). */
export const mountNamespaceFile = (dataDir: string, node: string): string => join(dataDir, 'mntns', node);

/** True while `file` is a live (bind-mounted) namespace file in the test's own mount table. */
function isNamespaceMounted(file: string): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === file && / - nsfs /.test(l));
}

/**
 * What is mounted on `mountPoint` in a virtual node's mount namespace, read from
 * /proc/<pid>/mountinfo of a process entered into that namespace; [] when the node has no
 * namespace (it crashed: nothing is mounted on a dead machine).
 */
export async function mountedIn(dataDir: string, node: string, mountPoint: string): Promise<string[]> {
  const file = mountNamespaceFile(dataDir, node);
  if (!isNamespaceMounted(file)) return [];
  const { stdout } = await run('nsenter', [`--mount=${file}`, 'cat', '/proc/self/mountinfo']);
  return stdout.split('\n').filter((l) => l.split(' ')[4] === mountPoint).map((l) => l.split(' - ')[1]?.split(' ')[1] ?? '');
}

/** Runs a shell command inside a virtual node's mount namespace. */
export async function shInNode(dataDir: string, node: string, script: string): Promise<string> {
  const { stdout } = await run('nsenter', [`--mount=${mountNamespaceFile(dataDir, node)}`, 'sh', '-c', script]);
  return stdout;
}

/** The ferry.volume ownership record in the last 4 KiB of `device` (its key=value lines). */
export function readOwnerRecord(device: string, sizeBytes: number): Record<string, string> {
  const raw = execFileSync('dd', [`if=${device}`, 'bs=4096', `skip=${sizeBytes / 4096 - 1}`, 'count=1', 'iflag=direct', 'status=none']);
  const text = raw.toString('latin1').replace(/\0+$/, '');
  if (!text.startsWith('FERRY-OWNER-RECORD 1')) return {};
  return Object.fromEntries(text.split('\n').slice(1).filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** Writes an ownership record naming `node` (as another node's agent would have left it). */
export function writeOwnerRecord(device: string, sizeBytes: number, node: string): void {
  const text = `FERRY-OWNER-RECORD 1\nnode=${node}\nresource=vol-rs\ngroup=test\ncluster=test\nsince=0\n`;
  execFileSync('dd', [`of=${device}`, 'bs=4096', `seek=${sizeBytes / 4096 - 1}`, 'count=1', 'iflag=fullblock', 'conv=sync,notrunc', 'oflag=direct,dsync', 'status=none'], { input: text });
}
