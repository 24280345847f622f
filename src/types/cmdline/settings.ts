/**
 * A Cmdline resource's settings, read from its extension properties (see cmdline.rtr). Pure: the
 * values come in as the text `scha_resource_get` prints (TRUE/FALSE, numbers, strings).
 */
export interface CmdlineSettings {
  readonly startCommand: string;
  readonly stopCommand: string;
  readonly checkCommand: string;
  /** No Check: the state follows Start and Stop only; every other flag is then off (RMS rule). */
  readonly nullDetector: boolean;
  readonly allExitCodes: boolean;
  readonly standbyCapable: boolean;
  readonly autoRecover: boolean;
  readonly clusterExclusive: boolean;
  readonly monitorOnly: boolean;
  /** Seconds a Start, Stop or Check command may run (TIMEOUT). */
  readonly timeoutS: number;
  /** Seconds between periodic checks (Check_interval). */
  readonly checkIntervalS: number;
}

/** The extension properties the methods read, in the spelling of cmdline.rtr. */
export const CMDLINE_PROPERTIES = [
  'Start_command', 'Stop_command', 'Check_command', 'NULLDETECTOR', 'ALLEXITCODES', 'STANDBYCAPABLE',
  'AUTORECOVER', 'CLUSTEREXCLUSIVE', 'MONITORONLY', 'TIMEOUT', 'Check_interval',
] as const;

export const DEFAULT_TIMEOUT_S = 300;
export const DEFAULT_CHECK_INTERVAL_S = 10;

const flag = (v: string | undefined, dflt: boolean): boolean => {
  if (v === undefined || v.trim() === '') return dflt;
  return ['TRUE', 'YES', '1'].includes(v.trim().toUpperCase());
};

const seconds = (v: string | undefined, dflt: number): number => {
  const n = Number(v?.trim());
  return Number.isInteger(n) && n > 0 ? n : dflt;
};

/**
 * Settings from property texts (missing ones take the RTR defaults). NULLDETECTOR is on when set,
 * or when no Check command is given, and then forces ALLEXITCODES, STANDBYCAPABLE, AUTORECOVER,
 * CLUSTEREXCLUSIVE and MONITORONLY off (primecluster §3.2).
 */
export function cmdlineSettings(props: Readonly<Record<string, string | undefined>>): CmdlineSettings {
  const checkCommand = (props['Check_command'] ?? '').trim();
  const nullDetector = flag(props['NULLDETECTOR'], false) || checkCommand === '';
  const on = (name: string, dflt: boolean): boolean => !nullDetector && flag(props[name], dflt);
  return {
    startCommand: (props['Start_command'] ?? '').trim(),
    stopCommand: (props['Stop_command'] ?? '').trim(),
    checkCommand,
    nullDetector,
    allExitCodes: on('ALLEXITCODES', false),
    standbyCapable: on('STANDBYCAPABLE', false),
    autoRecover: on('AUTORECOVER', true),
    clusterExclusive: on('CLUSTEREXCLUSIVE', true),
    monitorOnly: on('MONITORONLY', false),
    timeoutS: seconds(props['TIMEOUT'], DEFAULT_TIMEOUT_S),
    checkIntervalS: seconds(props['Check_interval'], DEFAULT_CHECK_INTERVAL_S),
  };
}

/**
 * What is wrong with a command line for a Cmdline resource, or undefined: RMS wants the script as
 * a full path, optionally followed by blank-separated arguments (an environment assignment such as
 * `VAR=value /path/script arg` in front is allowed, since the line runs with /bin/sh -c).
 */
export function commandProblem(what: string, line: string): string | undefined {
  if (line.trim() === '') return undefined;
  const words = line.trim().split(/\s+/);
  const program = words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  if (program === undefined) return `${what} "${line}" names no program`;
  if (!program.startsWith('/')) return `${what} "${line}": the program must be a full path (starting with /), not "${program}"`;
  return undefined;
}
