import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FAST_CHECK_MS, nextCheckDelayMs } from './cadence.js';
import { checkVerdict, detectorReport, isFailureVerdict, isOnlineVerdict } from './exit-codes.js';
import { commandEnv } from './script-env.js';
import { cmdlineSettings, commandProblem } from './settings.js';

describe('Cmdline exit codes (RMS contract)', () => {
  it('without ALLEXITCODES: 0 is Online, anything else Offline', () => {
    assert.equal(checkVerdict('done', 0, false), 'Online');
    for (const code of [1, 2, 4, 5, 127, 255]) assert.equal(checkVerdict('done', code, false), 'Offline');
  });

  it('with ALLEXITCODES: the seven documented codes, others Unknown', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 42].map((c) => checkVerdict('done', c, true)),
      ['Online', 'Offline', 'Faulted', 'Unknown', 'Standby', 'OnlineWarning', 'OfflineFaulted', 'Unknown', 'Unknown']);
  });

  it('a check that did not run to its end is Faulted, whatever the flags', () => {
    for (const e of ['timeout', 'killed', 'not-found', 'not-executable'] as const) {
      assert.equal(checkVerdict(e, undefined, false), 'Faulted');
      assert.equal(checkVerdict(e, 0, true), 'Faulted');
    }
  });

  it('Unknown is neither online nor a failure; HV_LAST_DET_REPORT names what RMS reports', () => {
    assert.equal(isOnlineVerdict('Unknown') || isFailureVerdict('Unknown'), false);
    assert.ok(isOnlineVerdict('OnlineWarning'));
    assert.deepEqual(['Online', 'OnlineWarning', 'Offline', 'Faulted', 'OfflineFaulted', 'Standby', 'Unknown', undefined].map((v) => detectorReport(v as never)),
      ['Online', 'Online', 'Offline', 'Faulted', 'Faulted', 'Standby', 'NoReport', 'NoReport']);
  });
});

describe('Cmdline check cadence', () => {
  it('a fast check keeps the interval; a slow one stretches it to at most twice, never overlapping', () => {
    assert.equal(nextCheckDelayMs(10, 100), 10_000);
    assert.equal(nextCheckDelayMs(10, FAST_CHECK_MS), 10_000);
    assert.equal(nextCheckDelayMs(10, 3_000), 13_000);
    assert.equal(nextCheckDelayMs(10, 15_000), 20_000);
    assert.equal(nextCheckDelayMs(10, 45_000), 45_000);
  });

  it('property: between the interval and twice it (or the check time), monotone in the check time', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3600 }), fc.nat(10_000_000), fc.nat(10_000_000), (i, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const d = nextCheckDelayMs(i, lo);
      return d >= i * 1000 && d >= lo && (d <= 2 * i * 1000 || d === lo) && nextCheckDelayMs(i, hi) >= d;
    }));
  });
});

describe('Cmdline settings', () => {
  it('RTR defaults: AUTORECOVER and CLUSTEREXCLUSIVE on, TIMEOUT 300 s, Check every 10 s', () => {
    const s = cmdlineSettings({ Start_command: '/s', Check_command: '/c' });
    assert.deepEqual(s, {
      startCommand: '/s', stopCommand: '', checkCommand: '/c', nullDetector: false, allExitCodes: false, standbyCapable: false,
      autoRecover: true, clusterExclusive: true, monitorOnly: false, timeoutS: 300, checkIntervalS: 10,
    });
  });

  it('no Check command means NULLDETECTOR, which turns every other flag off', () => {
    const s = cmdlineSettings({ Start_command: '/s', ALLEXITCODES: 'TRUE', MONITORONLY: 'TRUE', AUTORECOVER: 'TRUE' });
    assert.equal(s.nullDetector, true);
    assert.equal(s.allExitCodes || s.monitorOnly || s.autoRecover || s.clusterExclusive || s.standbyCapable, false);
    assert.equal(cmdlineSettings({ Check_command: '/c', NULLDETECTOR: 'TRUE', ALLEXITCODES: 'TRUE' }).allExitCodes, false);
  });

  it('bad numbers fall back to the defaults; flags read TRUE/FALSE as scha_resource_get prints them', () => {
    const s = cmdlineSettings({ Check_command: '/c', TIMEOUT: 'x', Check_interval: '0', ALLEXITCODES: 'TRUE', AUTORECOVER: 'FALSE' });
    assert.equal(s.timeoutS, 300);
    assert.equal(s.checkIntervalS, 10);
    assert.equal(s.allExitCodes, true);
    assert.equal(s.autoRecover, false);
  });

  it('commands must be full paths, with arguments and optional VAR=value assignments in front', () => {
    assert.equal(commandProblem('Start_command', '/opt/ovm/ldom-start guest1'), undefined);
    assert.equal(commandProblem('Start_command', 'VIRSH=/x/virsh /opt/kvm/virsh-start vm1'), undefined);
    assert.equal(commandProblem('Stop_command', ''), undefined);
    assert.match(commandProblem('Start_command', 'ldom-start guest1') ?? '', /must be a full path .* not "ldom-start"/);
    assert.match(commandProblem('Check_command', 'A=1 B=2') ?? '', /names no program/);
  });
});

describe('Cmdline command environment', () => {
  const id = { resource: 'guest1', group: 'app1', type: 'ferry.Cmdline:1', node: 'cd1', target: 'cd1' };

  it('is built from scratch: PATH, HOME, LANG, FERRY_* and the HV_* variables, nothing of a login shell', () => {
    const env = commandEnv(id, { PATH: '/repo/bin:/usr/bin', USER: 'root', LOGNAME: 'root', SHELL: '/bin/bash', FERRY_NODE: 'cd1', HV_APPLICATION: 'app1' }, { scriptType: 'Online', intendedState: 'Online', lastReport: 'Offline' });
    assert.deepEqual(env, {
      HOME: '/', LANG: 'C', PATH: '/repo/bin:/usr/bin', FERRY_NODE: 'cd1',
      HV_APPLICATION: 'app1', HV_NODENAME: 'guest1', HV_SCRIPT_TYPE: 'Online', HV_LAST_DET_REPORT: 'Offline', HV_INTENDED_STATE: 'Online',
      HV_FORCED_REQUEST: '0', HV_AUTORECOVER: '0',
    });
  });

  it('offline commands get HV_OFFLINE_REASON (STOP when the agent gave none); AutoRecover and forced requests are flagged', () => {
    const env = commandEnv(id, { HV_OFFLINE_REASON: 'FAULT', HV_FORCED_REQUEST: '1' }, { scriptType: 'Offline', intendedState: 'Offline', lastReport: 'Faulted' });
    assert.equal(env['HV_OFFLINE_REASON'], 'FAULT');
    assert.equal(env['HV_FORCED_REQUEST'], '1');
    assert.equal(env['HV_APPLICATION'], 'app1', 'a plain resource group is its own application');
    assert.equal(commandEnv(id, {}, { scriptType: 'Offline', intendedState: 'Offline', lastReport: 'NoReport' })['HV_OFFLINE_REASON'], 'STOP');
    assert.equal(commandEnv(id, {}, { scriptType: 'Online', intendedState: 'Online', lastReport: 'Faulted', autoRecover: true })['HV_AUTORECOVER'], '1');
  });
});
