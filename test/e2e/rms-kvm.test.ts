// The Linux/KVM variant of the guest example (examples/oracle-vm/kvm): virsh-start, virsh-stop and
// virsh-check as a Cmdline resource, against a stand-in virsh with per-node domain state.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCluster, type RunningCluster } from '../support/ferry-process.js';
import { appState, hv, renderConfig, StandinState, STANDIN } from '../support/rms.js';
import { waitFor } from '../support/status-wait.js';

const APP = 'app_vm1';
const VIRSH = `VIRSH=${STANDIN}/virsh`;
const config = `cluster: kvm
nodes: [host1, host2]
applications:
  ${APP}:
    properties:
      Nodelist: [host1, host2]
      AutoStartUp: yes
      AutoSwitchOver: HostFailure|ResourceFailure|ShutDown
      PartialCluster: 1
    resources:
      disk_vm1:
        type: Cmdline
        properties:
          Start_command: "@EXAMPLE@/standin/device start vol disk_vm1"
          Stop_command: "@EXAMPLE@/standin/device stop vol disk_vm1"
          Check_command: "@EXAMPLE@/standin/device check vol disk_vm1"
      vm1:
        type: Cmdline
        properties:
          Start_command: "${VIRSH} @EXAMPLE@/kvm/virsh-start vm1"
          Stop_command: "${VIRSH} @EXAMPLE@/kvm/virsh-stop vm1 2"
          Check_command: "${VIRSH} @EXAMPLE@/kvm/virsh-check vm1"
          Check_interval: 2
          AUTORECOVER: false
          Resource_dependencies: [disk_vm1]
`;

describe('the KVM guest example (virsh)', () => {
  let c: RunningCluster;
  let s: StandinState;
  before(async () => {
    c = await startCluster({ nodes: ['host1', 'host2'], args: ['--config', renderConfig(config)] });
    s = StandinState.of(c);
  });
  after(async () => {
    await c?.stop();
    s?.remove();
  });

  test('starts on host1 once its disk is online', async () => {
    await waitFor(c.endpoint, 'Online on host1', (v) => appState(v, APP, 'host1') === 'Online');
    assert.equal(await s.virshState('host1', 'vm1'), 'running');
    assert.equal(await s.virshState('host2', 'vm1'), 'shut off');
    const ev = s.events();
    assert.ok(ev.indexOf('host1 start vm1') > ev.indexOf('host1 vol start disk_vm1'), ev.join('\n'));
  });

  test('a guest that dies is found by virsh-check (domstate) and started on host2', async () => {
    s.crashGuest('host1', 'vm1');
    const v = await waitFor(c.endpoint, 'Online on host2', (x) => appState(x, APP, 'host2') === 'Online' && x, 60_000);
    assert.equal(appState(v, APP, 'host1'), 'Faulted (Failed Over)');
    assert.equal(await s.virshState('host2', 'vm1'), 'running');
    assert.equal((await hv(c, 'hvutil', ['-c', APP])).code, 0);
  });

  test('a guest that ignores the ACPI shutdown is destroyed after the timeout, and the switch completes', async () => {
    s.inject('host2', 'ignore-shutdown', true);
    const sw = await hv(c, 'hvswitch', [APP, 'host1']);
    assert.equal(sw.code, 0, `${sw.stdout}${sw.stderr}`);
    assert.equal(await s.virshState('host2', 'vm1'), 'shut off');
    assert.equal(await s.virshState('host1', 'vm1'), 'running');
    const ev = s.events();
    assert.ok(ev.includes('host2 destroy vm1'), ev.join('\n'));
    assert.ok(ev.lastIndexOf('host1 start vm1') > ev.indexOf('host2 destroy vm1'), 'started on host1 only after host2\'s guest was off');
  });
});
