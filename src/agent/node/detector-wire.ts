// Request shape of the RMS detector route on the agent endpoint, shared by the agent
// (detector-routes.ts) and the Cmdline checker loop. Types and constants only.

export const DETECTOR_ROUTE = 'rms.detector';

/**
 * A detector's report about one resource on this node:
 * - `failed`: the resource is not Online although it should be (RMS: the detector reports Offline or
 *   Faulted) — the RGM's fault handling starts (userApplication Faulted, AutoSwitchOver…);
 * - `status`: the detector's view for display only (`OK` Online, `DEGRADED` Warning, `FAULTED` a
 *   fault that is shown but not acted on, e.g. MONITORONLY or maintenance mode).
 */
export type DetectorReportRequest =
  | { readonly kind: 'failed'; readonly resource: string; readonly target: string; readonly message: string }
  | { readonly kind: 'status'; readonly resource: string; readonly target: string; readonly status: 'OK' | 'DEGRADED' | 'FAULTED'; readonly message: string };
