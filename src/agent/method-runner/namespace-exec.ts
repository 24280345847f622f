import { access } from 'node:fs/promises';

/**
 * The Linux namespaces one method or PMF command runs in: a virtual node's (or zone's) own network
 * stack and, optionally, its own mount table.
 */
export interface NamespaceSpec {
  /** Network namespace, an `ip netns` name (a file under /run/netns). */
  readonly netns?: string;
  /**
   * Persistent mount namespace: the path of a bind-mounted `/proc/PID/ns/mnt` (as `unshare
   * --mount=FILE` leaves it). Mounts a method makes there stay after the method exits and are seen
   * only by processes entered into the same namespace.
   */
  readonly mountns?: string;
}

/**
 * The command line that runs `command args` inside `ns`:
 * - nothing set: the command itself;
 * - only `netns`: `ip netns exec NETNS …` (which also gives the command a fresh private mount
 *   namespace with /sys showing the network namespace's devices, gone when the command exits);
 * - `mountns` (with or without `netns`): `nsenter --mount=FILE [--net=/run/netns/NETNS] -- …`,
 *   so mounts persist in the node's namespace across methods.
 * The environment passes through unchanged (nsenter and ip exec the command).
 */
export function namespacedCommand(command: string, args: readonly string[], ns: NamespaceSpec): [string, string[]] {
  if (ns.mountns !== undefined) {
    return ['nsenter', [`--mount=${ns.mountns}`, ...(ns.netns === undefined ? [] : [`--net=/run/netns/${ns.netns}`]), '--', command, ...args]];
  }
  if (ns.netns !== undefined) return ['ip', ['netns', 'exec', ns.netns, command, ...args]];
  return [command, [...args]];
}

/** Why the namespaces cannot be entered (one names a file that does not exist), or undefined. */
export async function missingNamespace(ns: NamespaceSpec): Promise<string | undefined> {
  if (ns.netns !== undefined) {
    try {
      await access(`/run/netns/${ns.netns}`);
    } catch {
      return `network namespace ${ns.netns} does not exist`;
    }
  }
  if (ns.mountns !== undefined) {
    try {
      await access(ns.mountns);
    } catch {
      return `mount namespace ${ns.mountns} does not exist`;
    }
  }
  return undefined;
}
