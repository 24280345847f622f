import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupRuntime, ResourceTargetStatus } from '../../model/index.js';
import { applicationState, resourceState, sysNodeState } from './rms-states.js';

const rt = (over: Partial<GroupRuntime> = {}): GroupRuntime => ({ desire: 'unset', failures: [], ...over });
const e = (over: Partial<ResourceTargetStatus>): ResourceTargetStatus => ({ state: 'ONLINE', status: 'OK', sinceMs: 0, ...over });
const show = (x: { state: string; details: string }): string => (x.details ? `${x.state} (${x.details})` : x.state);

describe('RMS states from the core\'s states (primecluster §4.1)', () => {
  it('SysNode: Online, Wait while shutting down, Faulted when down (Killed after fencing, Shutdown after hvshut)', () => {
    assert.equal(show(sysNodeState({ state: 'UP', sinceMs: 0, fenced: false })), 'Online');
    assert.equal(show(sysNodeState({ state: 'UP', sinceMs: 0, fenced: false, shuttingDown: true })), 'Wait (Shutdown)');
    assert.equal(show(sysNodeState({ state: 'DOWN', sinceMs: 0, fenced: true })), 'Faulted (Killed)');
    assert.equal(show(sysNodeState({ state: 'DOWN', sinceMs: 0, fenced: false, shuttingDown: true })), 'Faulted (Shutdown)');
    assert.equal(show(sysNodeState(undefined)), 'Unknown');
  });

  it('userApplication: every group state has its RMS state', () => {
    const ok = [e({})];
    assert.equal(show(applicationState('ONLINE', rt(), 'n1', ok, false)), 'Online');
    assert.equal(show(applicationState('ONLINE', rt(), 'n1', [e({ status: 'DEGRADED' })], false)), 'Warning');
    assert.equal(show(applicationState('ONLINE', rt(), 'n1', [e({ status: 'FAULTED' })], false)), 'Online (Fault Occurred)');
    assert.equal(show(applicationState('PENDING_ONLINE', rt(), 'n1', ok, false)), 'Wait (Online intended)');
    assert.equal(show(applicationState('PENDING_OFFLINE', rt(), 'n1', ok, false)), 'Wait (Offline intended)');
    assert.equal(show(applicationState('ERROR_STOP_FAILED', rt(), 'n1', ok, false)), 'Inconsistent (Offline Failed)');
    assert.equal(show(applicationState('UNMANAGED', rt(), 'n1', ok, false)), 'Deact');
    assert.equal(show(applicationState('OFFLINE', rt(), 'n1', [], false)), 'Offline');
    const faulted = rt({ faults: { n1: { reason: 'guest1 failed on n1', atMs: 0 } } });
    assert.equal(show(applicationState('OFFLINE', faulted, 'n1', [], true)), 'Faulted (Failed Over)');
    assert.equal(show(applicationState('OFFLINE', faulted, 'n1', [], false)), 'Faulted (Faulted)');
  });

  it('maintenance mode: Maintenance, with !! when the resources no longer match how it began', () => {
    const mm = rt({ maintenance: { sinceMs: 0, up: { guest1: ['n1'] } } });
    assert.equal(show(applicationState('ONLINE', mm, 'n1', [e({})], false)), 'Maintenance (Maintenance-Online)');
    assert.equal(show(applicationState('ONLINE', mm, 'n1', [e({ status: 'FAULTED' })], false)), 'Maintenance (Online !!)');
    assert.equal(show(applicationState('OFFLINE', mm, 'n2', [undefined], false)), 'Maintenance (Maintenance-Offline)');
    assert.equal(show(applicationState('OFFLINE', mm, 'n2', [e({})], false)), 'Maintenance (Offline !!)');
  });

  it('resource: Online, Warning, Wait, Faulted (Start or Stop failed), OfflineFault when it caused the fault, Deact, Unknown', () => {
    assert.equal(show(resourceState('guest1', e({}), rt(), 'n1', true)), 'Online');
    assert.equal(show(resourceState('guest1', e({ status: 'DEGRADED' }), rt(), 'n1', true)), 'Warning');
    assert.equal(show(resourceState('guest1', e({ state: 'STARTING' }), rt(), 'n1', true)), 'Wait (Online intended)');
    assert.equal(show(resourceState('guest1', e({ state: 'STOP_FAILED', status: 'FAULTED' }), rt(), 'n1', true)), 'Faulted (Offline Failed)');
    assert.equal(show(resourceState('guest1', e({ state: 'START_FAILED', status: 'FAULTED' }), rt(), 'n1', true)), 'Faulted (Online Failed)');
    assert.equal(show(resourceState('guest1', e({ state: 'MONITOR_FAILED' }), rt(), 'n1', true)), 'Unknown (detector failed)');
    const faulted = rt({ faults: { n1: { reason: 'guest1 failed on n1 (Check)', atMs: 0 } } });
    assert.equal(show(resourceState('guest1', e({ state: 'OFFLINE', status: 'OFFLINE' }), faulted, 'n1', true)), 'OfflineFault');
    assert.equal(show(resourceState('vnet1', e({ state: 'OFFLINE', status: 'OFFLINE' }), faulted, 'n1', true)), 'Offline');
    assert.equal(show(resourceState('guest1', e({}), rt(), 'n1', false)), 'Deact');
  });
});
