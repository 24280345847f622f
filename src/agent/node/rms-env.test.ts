import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterStatus } from '../../model/index.js';
import { isForced, offlineReason } from './rms-env.js';

const status = (over: Partial<ClusterStatus> = {}): ClusterStatus => ({
  seq: 1, atMs: 0, zones: {}, resources: {}, pending: [],
  nodes: { n1: { state: 'UP', sinceMs: 0, fenced: false }, n2: { state: 'UP', sinceMs: 0, fenced: false } },
  groups: { app1: { desire: 'online', failures: [] } },
  ...over,
});

describe('HV_OFFLINE_REASON', () => {
  it('SHUT when RMS shuts down on the node, FAULT where it faulted, DEACT when deactivated', () => {
    assert.equal(offlineReason(status({ nodes: { n1: { state: 'UP', sinceMs: 0, fenced: false, shuttingDown: true } } }), 'app1', 'n1', true), 'SHUT');
    assert.equal(offlineReason(status({ groups: { app1: { desire: 'online', failures: [], faults: { n1: { reason: 'x', atMs: 0 } } } } }), 'app1', 'n1', true), 'FAULT');
    assert.equal(offlineReason(status(), 'app1', 'n1', false), 'DEACT');
  });

  it('SWITCH when a request sends it elsewhere, STOP for an operator offline or fault clear', () => {
    const switching = status({ groups: { app1: { desire: 'online', failures: [], request: { targets: ['n2'], reason: 'switch', atMs: 0 } } } });
    assert.equal(offlineReason(switching, 'app1', 'n1', true), 'SWITCH');
    assert.equal(offlineReason(status({ groups: { app1: { desire: 'offline', failures: [] } } }), 'app1', 'n1', true), 'STOP');
    assert.equal(offlineReason(undefined, 'app1', 'n1', true), 'STOP');
  });

  it('HV_FORCED_REQUEST follows the request the application carries out', () => {
    assert.equal(isForced(status({ groups: { app1: { desire: 'online', failures: [], request: { targets: ['n2'], reason: 'x', atMs: 0, forced: true } } } }), 'app1'), true);
    assert.equal(isForced(status(), 'app1'), false);
  });
});
