/**
 * What a Check exit code says about the resource (primecluster §3.2): without ALLEXITCODES, 0 is
 * Online and anything else Offline; with it, 0 Online, 1 Offline, 2 Faulted, 3 Unknown, 4 Standby,
 * 5 OnlineWarning, 6 OfflineFaulted (other codes are reserved: Unknown). A check that did not run
 * to its end (timeout, killed, not found) is Faulted: the detector cannot vouch for the resource.
 */
export type CheckVerdict = 'Online' | 'Offline' | 'Faulted' | 'Unknown' | 'Standby' | 'OnlineWarning' | 'OfflineFaulted';

export function checkVerdict(execution: 'done' | 'timeout' | 'not-found' | 'not-executable' | 'killed', exitCode: number | undefined, allExitCodes: boolean): CheckVerdict {
  if (execution !== 'done' || exitCode === undefined) return 'Faulted';
  if (!allExitCodes) return exitCode === 0 ? 'Online' : 'Offline';
  switch (exitCode) {
    case 0: return 'Online';
    case 1: return 'Offline';
    case 2: return 'Faulted';
    case 4: return 'Standby';
    case 5: return 'OnlineWarning';
    case 6: return 'OfflineFaulted';
    default: return 'Unknown';
  }
}

/** The resource is up as far as the detector can tell (Online, or Online with a warning). */
export const isOnlineVerdict = (v: CheckVerdict): boolean => v === 'Online' || v === 'OnlineWarning';

/** The detector positively reports a failure of an online resource (not merely Unknown). */
export const isFailureVerdict = (v: CheckVerdict): boolean => v === 'Offline' || v === 'Faulted' || v === 'OfflineFaulted' || v === 'Standby';

/** HV_LAST_DET_REPORT for a verdict (RMS reports Online, Offline, Standby or Faulted). */
export function detectorReport(v: CheckVerdict | undefined): 'Online' | 'Offline' | 'Faulted' | 'Standby' | 'NoReport' {
  switch (v) {
    case undefined: case 'Unknown': return 'NoReport';
    case 'Online': case 'OnlineWarning': return 'Online';
    case 'Offline': return 'Offline';
    case 'Standby': return 'Standby';
    case 'Faulted': case 'OfflineFaulted': return 'Faulted';
  }
}
