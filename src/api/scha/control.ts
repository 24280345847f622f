import { randomUUID } from 'node:crypto';
import type { ClusterStatus, ResourceStatus, SchaControlTag } from '../../model/index.js';
import { RESOURCE_STATUSES } from '../../model/index.js';
import type { Layout } from '../../store/layout.js';
import type { Store } from '../../store/store.js';
import { isSchaErrorCode, SchaError } from './errors.js';
import { findGroup, findResource, type Caller, type SchaSnapshot } from './lookup.js';
import { waitForValue } from './store-watch.js';
import type { SchaControlRequest, SchaControlResult, SchaSetStatusRequest } from './wire.js';

/** scha_control tags (spec §5.6). */
export const CONTROL_TAGS: readonly SchaControlTag[] = [
  'GIVEOVER', 'CHECK_GIVEOVER', 'RESTART', 'CHECK_RESTART', 'RESOURCE_RESTART', 'RESOURCE_IS_RESTARTED',
  'IGNORE_FAILED_START', 'RESOURCE_DISABLE', 'CHANGE_STATE_ONLINE', 'CHANGE_STATE_OFFLINE',
];

/** What the RGM leader writes at replies/<id> (src/control/request-tracker.ts ReplyBody, read structurally). */
interface Reply {
  readonly accepted?: boolean;
  readonly done?: boolean;
  readonly failed?: boolean;
  readonly reason?: string;
  readonly error?: string;
}

/** The setstatus fact the node agent reports for the RGM to fold (an AgentReport). */
export interface SchaStatusReport {
  readonly kind: 'setstatus';
  readonly resource: string;
  readonly target: string;
  readonly status: ResourceStatus;
  /** '' = no message (Status_msg NULL). */
  readonly message: string;
}

export interface SchaStoreDeps {
  readonly store: Store;
  readonly keys: Layout;
}

/**
 * scha_control (spec §5.6, §9 item 6): hands the request to the RGM leader and waits until the
 * leader refused it or carried it out — synchronous, as in Sun Cluster. The request is in the store
 * before this waits, so it stands even if the caller is killed on the way (a monitor stopped by its
 * own RESOURCE_RESTART): nothing here listens to the caller's connection. Refusals (Failover_mode,
 * ping-pong, no healthy node, Monitor_check) come back as the RGM's scha_err_t code, with the
 * reason also in the event log.
 */
export async function schaControl(deps: SchaStoreDeps, snap: SchaSnapshot, caller: Caller, req: SchaControlRequest): Promise<SchaControlResult> {
  const tag = req.tag.toUpperCase() as SchaControlTag;
  if (!CONTROL_TAGS.includes(tag)) throw new SchaError('SCHA_ERR_TAG', `${req.tag} is not a scha_control optag (one of ${CONTROL_TAGS.join(', ')})`);
  findGroup(snap, caller, req.group);
  const r = findResource(snap, caller, req.resource, req.group);
  const id = `scha-${randomUUID()}`;
  const request = { kind: 'scha-control', requestId: id, tag, resource: r.name, group: r.group, target: caller.target };
  await deps.store.txn({ compare: [], success: [{ kind: 'put', key: deps.keys.request(id), value: JSON.stringify(request) }] });
  const reply = await waitForValue<Reply>(deps.store, deps.keys.reply(id), (b) => b.done === true);
  if (reply === undefined) throw new SchaError('SCHA_ERR_RECONF', `scha_control ${tag}: the cluster store closed before the RGM answered`);
  // Answered replies are of no further use to anyone; keep the keyspace small for busy monitors.
  await deps.store.txn({ compare: [], success: [{ kind: 'delete', key: deps.keys.reply(id) }] }).catch(() => undefined);
  const reason = reply.reason ?? '';
  if (reply.accepted !== true) throw new SchaError(isSchaErrorCode(reply.error) ? reply.error : 'SCHA_ERR_INTERNAL', reason || `scha_control ${tag} refused`);
  return { tag, reason, failed: reply.failed === true };
}

/** Parses a -s value: the five statuses, case-insensitive, ONLINE taken as OK (spec §4.2). */
export function parseStatus(text: string): ResourceStatus {
  const up = text.toUpperCase();
  const status = up === 'ONLINE' ? 'OK' : RESOURCE_STATUSES.find((s) => s === up);
  if (status === undefined) throw new SchaError('SCHA_ERR_RSTATUS', `-s ${text}: the status must be one of ${RESOURCE_STATUSES.join(', ')}`);
  return status;
}

/** How long setstatus waits for the RGM to fold the report, so that a following STATUS query sees it. */
const SETSTATUS_SETTLE_MS = 2000;

/**
 * scha_resource_setstatus (spec §5.7): reports the status through the node agent (the RGM folds it
 * into the status and the event log), then waits briefly until the stored status shows it.
 */
export async function schaSetStatus(
  deps: SchaStoreDeps, snap: SchaSnapshot, caller: Caller, req: SchaSetStatusRequest, report: (r: SchaStatusReport) => Promise<void>,
): Promise<void> {
  findGroup(snap, caller, req.group);
  const r = findResource(snap, caller, req.resource, req.group);
  const status = parseStatus(req.status);
  const message = req.message ?? '';
  if (message.includes('\n')) throw new SchaError('SCHA_ERR_INVAL', '-m: the message must be one line');
  await report({ kind: 'setstatus', resource: r.name, target: caller.target, status, message });
  await waitForValue<ClusterStatus>(deps.store, deps.keys.status, (s) => {
    const e = s.resources[r.name]?.targets[caller.target];
    return e !== undefined && e.status === status && (e.statusMessage ?? '') === message;
  }, SETSTATUS_SETTLE_MS);
}
