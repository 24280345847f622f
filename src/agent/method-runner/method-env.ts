/** The PATH every method starts with, after the caller's bin directory. */
export const METHOD_BASE_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';

/**
 * The environment a method (or a PMF-started process) runs with. Nothing is inherited from the
 * agent's own environment except `TZ`, so a method behaves the same whoever started the agent:
 *
 * - `PATH` = the caller's `binDir` (where Ferry's `scha_*` commands live), then METHOD_BASE_PATH
 * - `HOME=/`, `LANG=C`
 * - `TZ` when the agent has one
 * - then `extra` (FERRY_NODE, FERRY_ZONE, FERRY_AGENT_SOCKET, …), which may override any of the above.
 *
 * `inheritedTz` is the agent's TZ, passed in so this stays a pure function.
 */
export function methodEnv(
  binDir: string | undefined = undefined,
  extra: Readonly<Record<string, string>> = {},
  inheritedTz: string | undefined = process.env['TZ'],
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: binDir === undefined ? METHOD_BASE_PATH : `${binDir}:${METHOD_BASE_PATH}`,
    HOME: '/',
    LANG: 'C',
  };
  if (inheritedTz !== undefined) env['TZ'] = inheritedTz;
  return { ...env, ...extra };
}
