// The seed's guest-domain cluster (examples/oracle-vm/cluster.yaml) with real processes: Fujitsu's
// ldom-start/ldom-stop/ldom-check scripts, unchanged, run by the Cmdline type against a stand-in
// ldm that keeps each control domain's domains apart (a running guest is a process of its node).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startCluster, type RunningCluster } from '../support/ferry-process.js';
import { appState, EXAMPLE_DIR, hv, hvdispRows, installLdmStandin, renderConfig, StandinState } from '../support/rms.js';
import { waitFor } from '../support/status-wait.js';

const APP = 'app_guest1';
const template = readFileSync(`${EXAMPLE_DIR}/cluster.yaml`, 'utf8');
const fastChecks = (t: string): string => t.replace('Check_interval: 10', 'Check_interval: 2');
const undo = installLdmStandin();
const skip = typeof undo === 'string' ? undo : false;

const online = (v: Parameters<typeof appState>[0], node: string): boolean => appState(v, APP, node) === 'Online';
after(() => { if (typeof undo === 'function') undo(); });

describe('the guest-domain example: one userApplication per guest', { skip }, () => {
  let c: RunningCluster;
  let s: StandinState;
  before(async () => {
    c = await startCluster({ nodes: ['cd1', 'cd2'], args: ['--config', renderConfig(template, (t) => fastChecks(t).replace('HaltFlag: yes', 'HaltFlag: no'))] });
    s = StandinState.of(c);
  });
  after(async () => {
    await c?.stop();
    s?.remove();
  });

  test('AutoStartUp brings it online on the first SysNode of its priority list, network and volume before the guest', async () => {
    await waitFor(c.endpoint, 'app_guest1 Online on cd1', (v) => online(v, 'cd1'));
    assert.equal(await s.ldmState('cd1', 'guest1'), 'active');
    assert.equal(await s.ldmState('cd2', 'guest1'), 'inactive');
    const ev = s.events();
    const at = (line: string): number => ev.indexOf(line);
    assert.ok(at('cd1 bind-domain guest1') > at('cd1 net start vnet_guest1') && at('cd1 net start vnet_guest1') >= 0, ev.join('\n'));
    assert.ok(at('cd1 bind-domain guest1') > at('cd1 vol start vdisk_guest1') && at('cd1 vol start vdisk_guest1') >= 0, ev.join('\n'));
    const d = await hv(c, 'hvdisp', [], { FERRY_NODE: 'cd1' });
    assert.equal(d.code, 0, d.stderr);
    assert.deepEqual(hvdispRows(d.stdout).find((r) => r[0] === APP), [APP, 'userApp', 'Online']);
    assert.deepEqual(hvdispRows(d.stdout).find((r) => r[0] === 'guest1'), ['guest1', 'gRes', 'Online']);
  });

  test('a node crash: the application switches over to the other control domain (HostFailure)', async () => {
    const r = await c.ferry(['node', 'crash', 'cd1']);
    assert.equal(r.code, 0, r.stderr);
    await waitFor(c.endpoint, 'app_guest1 Online on cd2', (v) => online(v, 'cd2'), 60_000);
    assert.equal(await s.ldmState('cd2', 'guest1'), 'active');
    assert.notEqual(await s.ldmState('cd1', 'guest1'), 'active', 'the crash took cd1\'s guest with it');
    assert.equal((await c.ferry(['node', 'start', 'cd1'])).code, 0);
    await waitFor(c.endpoint, 'cd1 back', (v) => v.nodes.find((n) => n.name === 'cd1')?.rms?.state === 'Online');
    const v = await waitFor(c.endpoint, 'still on cd2', (x) => online(x, 'cd2') && x);
    assert.equal(appState(v, APP, 'cd1'), 'Offline', 'RMS does not fail back');
  });

  test('a guest crash is detected by Check: Faulted on cd2, switched over to cd1', async () => {
    s.crashGuest('cd2', 'guest1');
    const v = await waitFor(c.endpoint, 'app_guest1 Online on cd1 after the guest crash', (x) => online(x, 'cd1') && x, 60_000);
    assert.equal(appState(v, APP, 'cd2'), 'Faulted (Failed Over)');
    assert.equal(await s.ldmState('cd1', 'guest1'), 'active');
    assert.equal(await s.ldmState('cd2', 'guest1'), 'inactive', 'ldom-stop ran on cd2 (stop-domain failed, -f failed, unbind)');
    const d = await hv(c, 'hvdisp', ['-a'], { FERRY_NODE: 'cd2' });
    const rows = hvdispRows(d.stdout);
    assert.ok(rows.some((r) => r.join(' ') === `${APP} userApp Faulted Failed Over`), d.stdout);
    assert.ok(rows.some((r) => r.join(' ') === `${APP} userApp cd1RMS Online`), d.stdout);
  });

  test('hvutil -c clears the fault on cd2 and leaves the guest running on cd1', async () => {
    const r = await hv(c, 'hvutil', ['-c', APP]);
    assert.equal(r.code, 0, r.stderr);
    const v = await waitFor(c.endpoint, 'fault cleared', (x) => appState(x, APP, 'cd2') === 'Offline' && x);
    assert.ok(online(v, 'cd1'));
    assert.equal(await s.ldmState('cd1', 'guest1'), 'active');
  });

  test('maintenance mode: a stopped guest is not switched over, and off waits until it is back', async () => {
    assert.equal((await hv(c, 'hvutil', ['-m', 'on', APP])).code, 0);
    s.crashGuest('cd1', 'guest1');
    await waitFor(c.endpoint, 'Maintenance, Online !!', (v) => appState(v, APP, 'cd1') === 'Maintenance (Online !!)', 30_000);
    // Several check periods later nothing has moved.
    await new Promise((r) => setTimeout(r, 5000));
    assert.equal(await s.ldmState('cd2', 'guest1'), 'inactive');
    assert.equal(await s.ldmState('cd1', 'guest1'), 'bound', 'the crashed guest was not stopped or restarted');
    const refused = await hv(c, 'hvutil', ['-m', 'off', APP]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^hvutil: app_guest1 cannot leave maintenance mode: guest1 on cd1 was Online/);
    assert.equal((await hv(c, 'hvswitch', [APP, 'cd2'])).code, 1, 'no switch in maintenance mode');
    assert.equal((await s.ldm('cd1', ['start-domain', 'guest1'])).code, 0, 'the operator restarts the guest by hand');
    await waitFor(c.endpoint, 'the detector sees it again', (v) => appState(v, APP, 'cd1') === 'Maintenance (Maintenance-Online)', 30_000);
    const off = await hv(c, 'hvutil', ['-m', 'off', APP]);
    assert.equal(off.code, 0, off.stderr);
    await waitFor(c.endpoint, 'Online again', (v) => online(v, 'cd1'));
  });

  test('a failed Stop leaves it Inconsistent, not started on the other node; hvutil -c clears it once Stop works', async () => {
    s.inject('cd1', 'fail-stop', true);
    const sw = await hv(c, 'hvswitch', [APP, 'cd2']);
    assert.equal(sw.code, 1, `${sw.stdout}${sw.stderr}`);
    await waitFor(c.endpoint, 'Inconsistent on cd1', (v) => appState(v, APP, 'cd1').startsWith('Inconsistent'));
    assert.equal(await s.ldmState('cd1', 'guest1'), 'active');
    assert.equal(await s.ldmState('cd2', 'guest1'), 'inactive', 'never two guests on the same disks');
    const again = await hv(c, 'hvswitch', [APP, 'cd2']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Inconsistent/);
    s.inject('cd1', 'fail-stop', false);
    const cleared = await hv(c, 'hvutil', ['-c', APP]);
    assert.equal(cleared.code, 0, cleared.stderr);
    const v = await waitFor(c.endpoint, 'Offline everywhere', (x) => appState(x, APP, 'cd1') === 'Offline' && appState(x, APP, 'cd2') === 'Offline' && x);
    assert.ok(v);
    assert.equal(await s.ldmState('cd1', 'guest1'), 'inactive');
    const back = await hv(c, 'hvswitch', [APP]);
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /app_guest1 is Online on cd1RMS/);
  });
});

describe('a guest that cannot be stopped: HaltFlag=yes, and hvswitch -f', { skip }, () => {
  let c: RunningCluster;
  let s: StandinState;
  before(async () => {
    c = await startCluster({ nodes: ['cd1', 'cd2'], args: ['--config', renderConfig(template, fastChecks)] });
    s = StandinState.of(c);
    await waitFor(c.endpoint, 'app_guest1 Online on cd1', (v) => online(v, 'cd1'));
  });
  after(async () => {
    await c?.stop();
    s?.remove();
  });

  test('HaltFlag=yes: the control domain where Stop failed is killed, and the guest starts on the other one', async () => {
    s.inject('cd1', 'fail-stop', true);
    const sw = await hv(c, 'hvswitch', [APP, 'cd2']);
    assert.equal(sw.code, 0, `${sw.stdout}${sw.stderr}`);
    const v = await waitFor(c.endpoint, 'cd1 killed', (x) => x.nodes.find((n) => n.name === 'cd1')?.rms?.state === 'Faulted' && x);
    assert.equal(v.nodes.find((n) => n.name === 'cd1')?.rms?.details, 'Killed');
    assert.equal(await s.ldmState('cd2', 'guest1'), 'active');
    assert.notEqual(await s.ldmState('cd1', 'guest1'), 'active', 'the kill took the stuck guest with it');
    s.inject('cd1', 'fail-stop', false);
    assert.equal((await c.ferry(['node', 'start', 'cd1'])).code, 0);
  });

  test('HaltFlag=no: Inconsistent on cd2; hvswitch -f kills cd2 first, then starts the guest on cd1', async () => {
    const set = await c.ferry(['app', 'set', APP, '-p', 'HaltFlag=no']);
    assert.equal(set.code, 0, set.stderr);
    await waitFor(c.endpoint, 'cd1 up', (v) => v.nodes.find((n) => n.name === 'cd1')?.rms?.state === 'Online');
    s.inject('cd2', 'fail-stop', true);
    assert.equal((await hv(c, 'hvswitch', [APP, 'cd1'])).code, 1);
    await waitFor(c.endpoint, 'Inconsistent on cd2', (v) => appState(v, APP, 'cd2').startsWith('Inconsistent'));
    assert.notEqual(await s.ldmState('cd1', 'guest1'), 'active', 'not started on cd1 while it may still run on cd2');
    const forced = await hv(c, 'hvswitch', ['-f', APP, 'cd1RMS']);
    assert.equal(forced.code, 0, `${forced.stdout}${forced.stderr}`);
    assert.match(forced.stderr, /forced switch/);
    assert.equal(await s.ldmState('cd1', 'guest1'), 'active');
    const v = await waitFor(c.endpoint, 'cd2 killed', (x) => x.nodes.find((n) => n.name === 'cd2')?.rms?.details === 'Killed' && x);
    assert.ok(online(v, 'cd1'));
  });
});
