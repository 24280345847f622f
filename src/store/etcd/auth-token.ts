/**
 * The etcd auth token a connection sends with every call: fetched on first use by `authenticate`
 * (one request at a time, shared by the calls waiting for it), forgotten when etcd calls it invalid
 * (a simple token expires after `--auth-token-ttl` unused, and a restarted member forgets them).
 * Without credentials the token is '' and nothing is fetched.
 */
export class AuthToken {
  private pending: Promise<string> | undefined;
  private value: string | undefined;

  constructor(private readonly authenticate: ((deadlineMs: number) => Promise<string>) | undefined) {}

  get(deadlineMs: number): Promise<string> {
    if (this.authenticate === undefined) return Promise.resolve('');
    if (this.pending === undefined) {
      const pending = this.authenticate(deadlineMs);
      this.pending = pending;
      pending.then(
        (value) => {
          if (this.pending === pending) this.value = value;
        },
        () => {
          if (this.pending === pending) this.pending = undefined;
        },
      );
    }
    return this.pending;
  }

  /** Forgets the token if it is still `stale` (another call may have renewed it already). */
  forget(stale: string): void {
    if (this.value === stale) this.drop();
  }

  drop(): void {
    this.pending = undefined;
    this.value = undefined;
  }
}
