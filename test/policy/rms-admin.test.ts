// RMS operator requests on the policy core: maintenance mode (hvutil -m), the forced switch
// (hvswitch -f) and fault clearing (hvutil -c), driven through decide/reduce with methods that
// succeed unless a test says otherwise.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterConfig, ClusterStatus, GroupName, NodeName, ResourceName } from '../../src/model/index.js';
import { initialStatus } from '../../src/model/index.js';
import { checkEvent, decide, deriveGroupStates, reduce, type Action, type AdminRequest, type PolicyEvent } from '../../src/policy/index.js';
import { buildConfig } from './scenario-config.js';

const config = (haltFlag: 'yes' | 'no'): ClusterConfig => buildConfig([
  'nodes n1 n2',
  'type Cmdline methods=Start,Stop,Monitor_start,Monitor_stop Start_timeout=300 Stop_timeout=300',
  `group app1 rms Nodelist=n1,n2 AutoStartUp=yes AutoSwitchOver=HostFailure|ResourceFailure PartialCluster=1 HaltFlag=${haltFlag}`,
  'resource guest1 type=Cmdline group=app1',
]);

type Outcome = (a: Extract<Action, { kind: 'run-method' }>) => number;

class Cluster {
  status: ClusterStatus;
  now = 1_000;
  readonly log: Action[] = [];
  constructor(readonly config: ClusterConfig) { this.status = initialStatus(config, this.now); }

  fold(e: PolicyEvent): void { this.status = reduce(this.config, this.status, e, this.now); }

  /** Decides and carries out actions (methods exit with `outcome`, fences succeed) until quiet. */
  run(outcome: Outcome = () => 0): void {
    for (let i = 0; i < 200; i++) {
      this.now += 100;
      const d = decide({ config: this.config, status: this.status, now: this.now });
      if (d.actions.length === 0) return;
      this.fold({ kind: 'actions-issued', actions: d.actions });
      for (const a of d.actions) {
        this.log.push(a);
        if (a.kind === 'run-method') this.fold({ kind: 'method-result', actionId: a.id, resource: a.resource, target: a.target, method: a.method, execution: 'done', exitCode: outcome(a) });
        if (a.kind === 'fence-node') this.fold({ kind: 'node-fenced', node: a.node });
      }
    }
    throw new Error('no quiet state after 200 passes');
  }

  admin(request: AdminRequest): string[] {
    const e: PolicyEvent = { kind: 'admin', request };
    const refusal = checkEvent(this.config, this.status, e);
    if (refusal.length === 0) this.fold(e);
    return refusal;
  }

  states(): Record<string, string> {
    return deriveGroupStates(this.config, this.status, this.now)['app1' as GroupName] ?? {};
  }

  since(mark: number): Action[] { return this.log.slice(mark); }
}

const app = 'app1' as GroupName;
const guest = 'guest1' as ResourceName;
const stopFails: Outcome = (a) => (a.method === 'Stop' && a.target === 'n1' ? 1 : 0);

describe('maintenance mode (hvutil -m)', () => {
  test('a detector fault in maintenance mode is shown, not acted on; off is refused until it is back', () => {
    const c = new Cluster(config('no'));
    c.run();
    assert.equal(c.states()['n1'], 'ONLINE');
    assert.deepEqual(c.admin({ request: 'maintenance', group: app, mode: 'on' }), []);
    const mark = c.log.length;
    c.fold({ kind: 'monitor-failed', resource: guest, target: 'n1', message: 'Check reports Offline (exit 1)' });
    c.run();
    assert.deepEqual(c.since(mark), [], 'no action while in maintenance mode');
    assert.equal(c.status.pending.length, 0);
    assert.equal(c.status.resources[guest]?.targets['n1']?.status, 'FAULTED');
    const d = decide({ config: c.config, status: c.status, now: c.now });
    assert.ok(d.reasons.some((r) => /maintenance mode/.test(r.message)), 'the reason says why nothing happens');

    const refused = c.admin({ request: 'maintenance', group: app, mode: 'off' });
    assert.equal(refused.length, 1);
    assert.match(refused[0] ?? '', /guest1 on n1 was Online when maintenance began and is not Online now/);
    assert.match(c.admin({ request: 'switch', group: app, targets: ['n2'] })[0] ?? '', /maintenance mode/);

    c.fold({ kind: 'setstatus', resource: guest, target: 'n1', status: 'OK', message: 'Check: Online' });
    assert.deepEqual(c.admin({ request: 'maintenance', group: app, mode: 'off' }), []);
    c.run();
    assert.deepEqual(c.since(mark), [], 'back to normal without moving');
    assert.equal(c.status.groups[app]?.maintenance, undefined);
    assert.equal(c.states()['n1'], 'ONLINE');
  });

  test('forceoff leaves at once; a fault still reported then is handled (switchover)', () => {
    const c = new Cluster(config('no'));
    c.run();
    c.admin({ request: 'maintenance', group: app, mode: 'on' });
    c.fold({ kind: 'monitor-failed', resource: guest, target: 'n1' });
    assert.deepEqual(c.admin({ request: 'maintenance', group: app, mode: 'forceoff' }), []);
    c.run();
    assert.deepEqual(c.states(), { n1: 'OFFLINE', n2: 'ONLINE' });
    assert.ok(c.status.groups[app]?.faults?.['n1'], 'Faulted on n1');
  });

  test('maintenance on twice keeps the first snapshot; off when not in maintenance changes nothing', () => {
    const c = new Cluster(config('no'));
    c.run();
    c.admin({ request: 'maintenance', group: app, mode: 'on' });
    const since = c.status.groups[app]?.maintenance?.sinceMs;
    c.now += 5000;
    c.admin({ request: 'maintenance', group: app, mode: 'on' });
    assert.equal(c.status.groups[app]?.maintenance?.sinceMs, since);
    c.admin({ request: 'maintenance', group: app, mode: 'forceoff' });
    const before = c.status;
    c.admin({ request: 'maintenance', group: app, mode: 'off' });
    assert.equal(c.status.groups[app]?.maintenance, undefined);
    assert.deepEqual(c.status.groups, before.groups);
  });
});

describe('a failed Stop, hvutil -c and hvswitch -f', () => {
  const faultThenStopFails = (haltFlag: 'yes' | 'no'): Cluster => {
    const c = new Cluster(config(haltFlag));
    c.run();
    c.fold({ kind: 'monitor-failed', resource: guest, target: 'n1' });
    c.run(stopFails);
    return c;
  };

  test('HaltFlag=no: the application stays Inconsistent on n1 and is not started on n2', () => {
    const c = faultThenStopFails('no');
    assert.deepEqual(c.states(), { n1: 'ERROR_STOP_FAILED', n2: 'OFFLINE' });
    assert.ok(!c.log.some((a) => a.kind === 'run-method' && a.target === 'n2' && a.method === 'Start'));
  });

  test('hvutil -c runs Stop again: when it succeeds the application is Offline and its fault is gone', () => {
    const c = faultThenStopFails('no');
    const mark = c.log.length;
    assert.deepEqual(c.admin({ request: 'clear', group: app }), []);
    c.run();
    const methods = c.since(mark).filter((a) => a.kind === 'run-method').map((a) => `${a.method} ${a.target}`);
    assert.deepEqual(methods, ['Stop n1'], 'offline processing runs once more, nothing starts');
    assert.deepEqual(c.states(), { n1: 'OFFLINE', n2: 'OFFLINE' });
    assert.equal(c.status.groups[app]?.faults, undefined);
  });

  test('hvutil -c after a switchover clears the old node\'s fault and leaves the application online where it is', () => {
    const c = new Cluster(config('no'));
    c.run();
    c.fold({ kind: 'monitor-failed', resource: guest, target: 'n1' });
    c.run();
    assert.deepEqual(c.states(), { n1: 'OFFLINE', n2: 'ONLINE' });
    assert.ok(c.status.groups[app]?.faults?.['n1']);
    const mark = c.log.length;
    assert.deepEqual(c.admin({ request: 'clear', group: app }), []);
    c.run();
    assert.deepEqual(c.since(mark), []);
    assert.equal(c.status.groups[app]?.faults, undefined);
    assert.deepEqual(c.states(), { n1: 'OFFLINE', n2: 'ONLINE' });
  });

  test('hvutil -c whose Stop fails again leaves it Inconsistent', () => {
    const c = faultThenStopFails('no');
    c.admin({ request: 'clear', group: app });
    c.run(stopFails);
    assert.equal(c.states()['n1'], 'ERROR_STOP_FAILED');
  });

  test('hvswitch -f kills the node where it failed to stop, then starts it on the target', () => {
    const c = faultThenStopFails('no');
    const mark = c.log.length;
    assert.deepEqual(c.admin({ request: 'switch', group: app, targets: ['n2'], forced: true }), []);
    c.run();
    const done = c.since(mark).map((a) => (a.kind === 'run-method' ? `${a.method} ${a.target}` : a.kind === 'fence-node' ? `fence ${a.node}` : a.kind));
    assert.equal(done[0], 'fence n1');
    assert.ok(done.includes('Start n2'), done.join(', '));
    assert.equal(c.states()['n2'], 'ONLINE');
    assert.equal(c.status.nodes['n1' as NodeName]?.state, 'DOWN');
  });

  test('without -f a switch to a node where the application is Faulted is not done; with -f the fault is overridden', () => {
    const c = new Cluster(buildConfig([
      'nodes n1 n2',
      'type Cmdline methods=Start,Stop,Monitor_start,Monitor_stop',
      'group app1 rms Nodelist=n1,n2 AutoStartUp=yes AutoSwitchOver=No PartialCluster=1',
      'resource guest1 type=Cmdline group=app1',
    ]));
    c.run();
    c.fold({ kind: 'monitor-failed', resource: guest, target: 'n1' });
    c.run();
    assert.deepEqual(c.states(), { n1: 'OFFLINE', n2: 'OFFLINE' }, 'AutoSwitchOver=No: it stays offline, Faulted on n1');
    c.admin({ request: 'switch', group: app, targets: ['n1'] });
    c.run();
    assert.equal(c.states()['n1'], 'OFFLINE', 'a plain switch does not go to the faulted node');
    c.admin({ request: 'switch', group: app, targets: ['n1'], forced: true });
    c.run();
    assert.equal(c.states()['n1'], 'ONLINE');
  });

  test('HaltFlag=yes: the node is killed and the application switches over by itself', () => {
    const c = faultThenStopFails('yes');
    assert.ok(c.log.some((a) => a.kind === 'fence-node' && a.node === 'n1'));
    assert.equal(c.states()['n2'], 'ONLINE');
  });
});
