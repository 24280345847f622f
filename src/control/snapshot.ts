import type { ClusterConfig, ClusterStatus } from '../model/index.js';
import type { KeyValue } from '../store/store.js';
import type { Layout } from '../store/layout.js';
import type { StoreMirror } from '../store/mirror.js';
import { configFromItems } from '../store/config-repo.js';

/** Everything one RGM pass reads, at one store revision. */
export interface PassSnapshot {
  readonly revision: number;
  readonly config: ClusterConfig;
  readonly status: ClusterStatus | undefined;
  /** Nodes holding a live membership lease. */
  readonly members: ReadonlySet<string>;
  /** Agent reports, oldest first. */
  readonly reports: readonly KeyValue[];
  /** Admin and scha_control requests, oldest first. */
  readonly requests: readonly KeyValue[];
  /** Open (not yet completed) replies to admin requests. */
  readonly replies: readonly KeyValue[];
  /** Finished replies, for clean-up once they are old. */
  readonly doneReplies: readonly { readonly key: string; readonly doneAtMs: number | undefined }[];
  /** Intent keys currently written, by action id. */
  readonly intents: ReadonlyMap<string, string>;
  readonly leaderCreateRevision: number;
}

const byRevision = (a: KeyValue, b: KeyValue): number => a.modRevision - b.modRevision || a.key.localeCompare(b.key);

interface Parsed<T> { readonly stamp: number; readonly value: T }
interface ParsedStatus extends Parsed<ClusterStatus> { readonly json: string }

/**
 * Reads passes from the RGM's mirror of the store. What is expensive to rebuild is kept between
 * passes: the configuration (until a config key changes), the status (until someone other than the
 * status it last parsed writes it) and the state of each reply.
 */
export class PassReader {
  private config: Parsed<ClusterConfig> | undefined;
  private status: ParsedStatus | undefined;
  private readonly replyState = new Map<string, Parsed<{ done: boolean; doneAtMs: number | undefined }>>();

  constructor(private readonly mirror: StoreMirror, private readonly keys: Layout) {}

  /** The status this RGM just wrote at `modRevision`: the next pass need not parse it again. */
  remember(status: ClusterStatus, json: string, modRevision: number): void {
    this.status = { stamp: modRevision, value: status, json };
  }

  /** The JSON text of the status the last `read` returned (to tell whether a pass changed it). */
  get statusJson(): string | undefined {
    return this.status?.json;
  }

  read(): PassSnapshot {
    const { mirror, keys } = this;
    const configVersion = mirror.versionOf(keys.config);
    if (this.config?.stamp !== configVersion) {
      // Sorted by key, as a store listing is: the policy sees objects in the same order either way.
      const items = mirror.list(keys.config).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.config = { stamp: configVersion, value: configFromItems(items, keys) };
    }
    const statusKv = mirror.get(keys.status);
    if (statusKv === undefined) this.status = undefined;
    else if (this.status?.stamp !== statusKv.modRevision) this.status = { stamp: statusKv.modRevision, value: JSON.parse(statusKv.value) as ClusterStatus, json: statusKv.value };
    const intents = new Map<string, string>();
    for (const kv of mirror.list(keys.allIntents)) intents.set(kv.key.slice(kv.key.lastIndexOf('/') + 1), kv.key);
    const open: KeyValue[] = [];
    const done: { key: string; doneAtMs: number | undefined }[] = [];
    const seen = new Set<string>();
    for (const kv of mirror.list(keys.replies)) {
      seen.add(kv.key);
      let state = this.replyState.get(kv.key);
      if (state?.stamp !== kv.modRevision) {
        const body = JSON.parse(kv.value) as { done?: boolean; doneAtMs?: number };
        state = { stamp: kv.modRevision, value: { done: body.done === true, doneAtMs: body.doneAtMs } };
        this.replyState.set(kv.key, state);
      }
      if (state.value.done) done.push({ key: kv.key, doneAtMs: state.value.doneAtMs });
      else open.push(kv);
    }
    for (const key of this.replyState.keys()) if (!seen.has(key)) this.replyState.delete(key);
    return {
      revision: mirror.revision,
      config: this.config.value,
      status: this.status?.value,
      members: new Set(mirror.list(keys.members).map((kv) => kv.key.slice(keys.members.length))),
      reports: mirror.list(keys.reports).sort(byRevision),
      requests: mirror.list(keys.requests).sort(byRevision),
      replies: open.sort(byRevision),
      doneReplies: done,
      intents,
      leaderCreateRevision: mirror.get(keys.leader)?.createRevision ?? 0,
    };
  }
}
