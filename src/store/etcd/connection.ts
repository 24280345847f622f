import { Client, Metadata, connectivityState, credentials, status } from '@grpc/grpc-js';
import type { CallOptions, ChannelCredentials, ChannelOptions, ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreClosedError } from '../store.js';
import { AuthToken } from './auth-token.js';
import { EtcdError, isInvalidToken, isNotApplied, isServiceError, isUnavailable, toEtcdError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import type { Rpc } from './rpcs.js';
import { RPC } from './rpcs.js';

export interface UnaryOptions {
  /**
   * Safe to send again after an UNAVAILABLE answer of unknown outcome (reads, lease keep-alives).
   * A write is sent again only when it certainly was not applied.
   */
  readonly isIdempotent: boolean;
  /** Maps etcd's refusals to Store errors before the generic EtcdError. */
  readonly mapError?: (err: ServiceError) => Error | undefined;
}

const RETRY_BACKOFF_MS = [25, 50, 100, 200, 400];

/**
 * One gRPC channel per etcd member, and the policy for using them: a call goes to the member last
 * seen working (preferring one whose connection is up), every call carries a deadline, and on an
 * UNAVAILABLE answer it moves to the next member and retries within the same deadline when that is
 * safe. Every call and stream carries `hasleader` so that a member cut off from the leader refuses
 * at once instead of serving stale watches or waiting for a leader that will not come.
 */
export class EtcdConnection {
  private readonly clients: Client[];
  private current = 0;
  private readonly token: AuthToken;
  private readonly inFlight = new Set<{ cancel(): void }>();
  private isClosed = false;

  constructor(readonly options: ResolvedOptions) {
    const creds = channelCredentials(options);
    const channelOptions: ChannelOptions = {
      'grpc.keepalive_time_ms': options.keepaliveMs,
      'grpc.keepalive_timeout_ms': options.keepaliveTimeoutMs,
      // etcd answers pings on a connection with no call open as abuse (GOAWAY too_many_pings).
      'grpc.keepalive_permit_without_calls': 0,
      'grpc.max_receive_message_length': -1,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 2000,
      // Each store owns its connections: closing one store never disturbs another's.
      'grpc.use_local_subchannel_pool': 1,
    };
    this.clients = options.endpoints.map((e) => new Client(e.target, creds, channelOptions));
    const auth = options.auth;
    this.token = new AuthToken(auth === undefined ? undefined : (deadlineMs) => this.authenticate(auth.username, auth.password, deadlineMs));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Index of the member to use now: the current one if connected, else the next connected one. */
  pick(): number {
    const n = this.clients.length;
    const states = this.clients.map((c) => c.getChannel().getConnectivityState(true));
    for (let i = 0; i < n; i++) {
      const idx = (this.current + i) % n;
      if (states[idx] === connectivityState.READY) return (this.current = idx);
    }
    for (let i = 0; i < n; i++) {
      const idx = (this.current + i) % n;
      if (states[idx] !== connectivityState.TRANSIENT_FAILURE) return idx;
    }
    return this.current;
  }

  /** The member at `idx` failed a call: the next call starts with the following one. */
  markFailed(idx: number): void {
    if (idx === this.current) this.current = (this.current + 1) % this.clients.length;
  }

  endpointUrl(idx: number): string {
    return this.options.endpoints[idx]?.url ?? '?';
  }

  /** A unary call with one deadline of `callTimeoutMs` over every attempt. */
  unary<Req, Res>(rpc: Rpc<Req, Res>, req: Req, opts: UnaryOptions): Promise<Res> {
    return this.withRetry(rpc.name, opts, (client, md, deadlineMs) => this.unaryOnce(client, rpc, req, md, deadlineMs));
  }

  /**
   * A request sent on a bidirectional stream that is closed after the first response (etcd has no
   * unary lease keep-alive), with the same deadline and retries as `unary`.
   */
  firstResponse<Req, Res>(rpc: Rpc<Req, Res>, req: Req, opts: UnaryOptions): Promise<Res> {
    return this.withRetry(rpc.name, opts, (client, md, deadlineMs) => this.streamOnce(client, rpc, req, md, deadlineMs));
  }

  private async withRetry<T>(method: string, opts: UnaryOptions, attemptOnce: (client: Client, md: Metadata, deadlineMs: number) => Promise<T>): Promise<T> {
    const deadlineMs = Date.now() + this.options.callTimeoutMs;
    // A read may try a second member within its deadline if the first one does not answer in half
    // of it (a frozen member whose connection still looks up). A write may not: its outcome is unknown.
    const canTryAnother = opts.isIdempotent && this.clients.length > 1;
    let hasRenewedToken = false;
    for (let attempt = 0; ; attempt++) {
      if (this.isClosed) throw new StoreClosedError();
      const idx = this.pick();
      const attemptDeadlineMs = canTryAnother && attempt === 0 ? Math.min(deadlineMs, Date.now() + this.options.callTimeoutMs / 2) : deadlineMs;
      let token = '';
      try {
        token = await this.token.get(deadlineMs);
        return await attemptOnce(this.clients[idx] as Client, this.metadata(token), attemptDeadlineMs);
      } catch (err) {
        if (this.isClosed) throw new StoreClosedError();
        if (err instanceof EtcdError || !isServiceError(err)) throw err;
        if (this.isAuthError(err) && !hasRenewedToken) {
          hasRenewedToken = true;
          this.token.forget(token);
          continue;
        }
        const mapped = opts.mapError?.(err);
        if (mapped !== undefined) throw mapped;
        if (err.code === status.DEADLINE_EXCEEDED || isUnavailable(err)) this.markFailed(idx);
        const pauseMs = RETRY_BACKOFF_MS[Math.min(attempt, RETRY_BACKOFF_MS.length - 1)] as number;
        const isAttemptTimeout = err.code === status.DEADLINE_EXCEEDED && attemptDeadlineMs < deadlineMs;
        const canRetry = (isAttemptTimeout || (isUnavailable(err) && (opts.isIdempotent || isNotApplied(err)))) && Date.now() + pauseMs < deadlineMs;
        if (!canRetry) throw toEtcdError(method, err, this.options.callTimeoutMs);
        await sleep(pauseMs);
      }
    }
  }

  /** Opens a bidirectional stream to member `idx` (no deadline unless given): watches, keep-alives. */
  async stream<Req, Res>(rpc: Rpc<Req, Res>, idx: number, deadlineMs?: number): Promise<ClientDuplexStream<Req, Res>> {
    const token = await this.token.get(deadlineMs ?? Date.now() + this.options.callTimeoutMs);
    if (this.isClosed) throw new StoreClosedError();
    const options: CallOptions = deadlineMs === undefined ? {} : { deadline: deadlineMs };
    return (this.clients[idx] as Client).makeBidiStreamRequest(rpc.path, rpc.serialize, rpc.deserialize, this.metadata(token), options);
  }

  /** A stream call failed with an auth error: the next call authenticates again. */
  isAuthError(err: ServiceError): boolean {
    return this.options.auth !== undefined && isInvalidToken(err);
  }

  /** A stream was refused for auth: the next call or stream authenticates again. */
  dropToken(): void {
    this.token.drop();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const call of this.inFlight) call.cancel();
    this.inFlight.clear();
    for (const c of this.clients) c.close();
  }

  private unaryOnce<Req, Res>(client: Client, rpc: Rpc<Req, Res>, req: Req, md: Metadata, deadlineMs: number): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const call = client.makeUnaryRequest(rpc.path, rpc.serialize, rpc.deserialize, req, md, { deadline: deadlineMs }, (err, res) => {
        this.inFlight.delete(call);
        if (err !== null || res === undefined) reject(err ?? new Error(`etcd ${rpc.name}: empty response`));
        else resolve(res);
      });
      this.inFlight.add(call);
    });
  }

  private streamOnce<Req, Res>(client: Client, rpc: Rpc<Req, Res>, req: Req, md: Metadata, deadlineMs: number): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const call = client.makeBidiStreamRequest(rpc.path, rpc.serialize, rpc.deserialize, md, { deadline: deadlineMs });
      this.inFlight.add(call);
      let isSettled = false;
      const settle = (fn: () => void): void => {
        if (isSettled) return;
        isSettled = true;
        this.inFlight.delete(call);
        fn();
      };
      call.on('data', (res: Res) => settle(() => resolve(res)));
      call.on('error', (err: Error) => settle(() => reject(err)));
      call.on('end', () => settle(() => reject(Object.assign(new Error('stream ended without an answer'), { code: status.UNAVAILABLE, details: 'stream ended without an answer', metadata: new Metadata() }))));
      // etcd answers the request before it reads the end of the stream, so half-closing now is safe.
      call.write(req);
      call.end();
    });
  }

  private metadata(token: string): Metadata {
    const md = new Metadata();
    md.set('hasleader', 'true');
    if (token !== '') md.set('token', token);
    return md;
  }

  private async authenticate(name: string, password: string, deadlineMs: number): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      if (this.isClosed) throw new StoreClosedError();
      const idx = this.pick();
      try {
        const res = await this.unaryOnce(this.clients[idx] as Client, RPC.authenticate, { name, password }, new Metadata(), deadlineMs);
        return res.token;
      } catch (err) {
        if (this.isClosed) throw new StoreClosedError();
        if (!isServiceError(err)) throw err;
        // etcd clients go on without a token when the cluster has auth switched off.
        if (err.code === status.FAILED_PRECONDITION && err.details.includes('authentication is not enabled')) return '';
        const pauseMs = RETRY_BACKOFF_MS[Math.min(attempt, RETRY_BACKOFF_MS.length - 1)] as number;
        if (!isUnavailable(err) || Date.now() + pauseMs >= deadlineMs) throw toEtcdError('Authenticate', err, this.options.callTimeoutMs);
        this.markFailed(idx);
        await sleep(pauseMs);
      }
    }
  }
}

function channelCredentials(options: ResolvedOptions): ChannelCredentials {
  if (!options.isTls) return credentials.createInsecure();
  const pem = (v: string | Buffer | undefined): Buffer | null => (v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v));
  return credentials.createSsl(pem(options.tls?.ca), pem(options.tls?.key), pem(options.tls?.cert));
}
