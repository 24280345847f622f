// userApplications through the CLI (ferry app), their scripts and Cmdline environment, the
// Cmdline flags AUTORECOVER and MONITORONLY, and the hv* commands with good and bad input.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCluster, type RunningCluster } from '../support/ferry-process.js';
import { appState, hv, hvdispRows, StandinState } from '../support/rms.js';
import { fetchView, waitFor } from '../support/status-wait.js';

const FIX = resolve('test/fixtures/rms');
const SVC = join(FIX, 'svc');
const envFile = (s: StandinState, node: string, name: string): Record<string, string> => {
  const f = join(s.dir(node), name);
  assert.ok(existsSync(f), `${f} was not written`);
  return Object.fromEntries(readFileSync(f, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
};

describe('userApplications through ferry app and the hv* commands', () => {
  let c: RunningCluster;
  let s: StandinState;
  before(async () => {
    c = await startCluster({ nodes: ['n1', 'n2'] });
    s = StandinState.of(c);
  });
  after(async () => {
    await c?.stop();
    s?.remove();
  });

  test('ferry app create / rs create / app show: RMS attributes with their defaults, SysNode names accepted', async () => {
    const r = await c.ferry(['app', 'create', 'app1', '-n', 'n2RMS,n1', '-p', 'AutoSwitchOver=ResourceFailure',
      '-p', `PreOnlineScript=${FIX}/appscript`, '-p', `OfflineDoneScript=${FIX}/appscript`]);
    assert.equal(r.code, 0, r.stderr);
    const rs = await c.ferry(['rs', 'create', '-g', 'app1', '-t', 'Cmdline', '-p', `Start_command=${SVC} start svc1`, '-p', `Stop_command=${SVC} stop svc1`,
      '-p', `Check_command=${SVC} check svc1`, '-p', 'Check_interval=1', '-p', 'AUTORECOVER=false', 'svc1']);
    assert.equal(rs.code, 0, rs.stderr);
    const show = await c.ferry(['app', 'show', 'app1']);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /PriorityList: n2, n1/);
    for (const re of [/AutoStartUp\s+no/, /AutoSwitchOver\s+ResourceFailure/, /HaltFlag\s+no/, /PartialCluster\s+0/, /PersistentFault\s+0/, /StandbyTransitions\s+No/, /svc1 \(ferry\.Cmdline:1\)/]) assert.match(show.stdout, re);
    const json = JSON.parse((await c.ferry(['--json', 'app', 'show', 'app1'])).stdout) as { attributes: Record<string, unknown> }[];
    assert.equal(json[0]?.attributes['OnlinePriority'], 0);
    assert.match((await c.ferry(['app', 'list'])).stdout, /app1\s+n2,n1\s+n2RMS:Offline n1RMS:Offline/);
    assert.match((await c.ferry(['status'])).stdout, /app1\s+n2/, 'ferry status shows the userApplication like any group');
  });

  test('bad input to ferry app is refused and changes nothing', async () => {
    const gen = async (): Promise<number> => (JSON.parse((await c.ferry(['--json', 'status'])).stdout) as { generation: number }).generation;
    const before = await gen();
    const cases: [string[], number, RegExp][] = [
      [['app', 'create', 'bad', '-p', 'AutoSwitchOver=HostFailure|Sometimes'], 1, /AutoSwitchOver.*unknown keyword "Sometimes"/],
      [['app', 'create', 'bad', '-p', 'HaltFlag=maybe'], 1, /HaltFlag.*yes, no/],
      [['app', 'create', 'bad', '-p', 'NoSuchAttr=1'], 1, /NoSuchAttr/],
      [['app', 'create', 'bad', '-n', 'n1,n9'], 1, /n9/],
      [['app', 'set', 'nosuch', '-p', 'HaltFlag=yes'], 1, /nosuch/],
      [['app', 'set', 'app1'], 2, /give -n or at least one -p/],
      [['app', 'delete', 'nosuch'], 1, /nosuch/],
      [['app', 'create', 'bad', '-p', '=x'], 2, /-p =x/],
    ];
    for (const [args, code, re] of cases) {
      const r = await c.ferry(args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.ok(r.stderr.startsWith('ferry: '), r.stderr);
    }
    assert.equal(await gen(), before);
  });

  test('hvswitch: priority switch to n2; scripts and Cmdline commands get the HV_* environment and no login environment', async () => {
    const r = await hv(c, 'hvswitch', ['app1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /app1 is Online on n2RMS/);
    const pre = envFile(s, 'n2', 'app-PreOnline.env');
    assert.equal(pre['HV_APPLICATION'], 'app1');
    assert.equal(pre['HV_NODENAME'], 'app1');
    assert.equal(pre['HV_INTENDED_STATE'], 'Online');
    const start = envFile(s, 'n2', 'svc1.start.env');
    assert.deepEqual([start['HV_APPLICATION'], start['HV_NODENAME'], start['HV_SCRIPT_TYPE'], start['HV_INTENDED_STATE'], start['HV_FORCED_REQUEST'], start['HV_AUTORECOVER']],
      ['app1', 'svc1', 'Online', 'Online', '0', '0']);
    assert.equal(start['HV_LAST_DET_REPORT'], 'Offline', 'the Check before Start reported Offline');
    assert.equal(start['HOME'], '/');
    for (const login of ['USER', 'LOGNAME', 'SHELL', 'MAIL', 'TERM']) assert.equal(start[login], undefined, `${login} must not be inherited`);
    assert.ok(!Object.keys(start).some((k) => k.startsWith('npm_')), 'nothing of the agent\'s own environment');
  });

  test('hvdisp: the five-column layout of the spec; scripts that split on blanks see the state in field 3 of local rows', async () => {
    const d = await hv(c, 'hvdisp', [], { FERRY_NODE: 'n2' });
    assert.equal(d.code, 0, d.stderr);
    const lines = d.stdout.split('\n');
    assert.equal(lines[0], 'Local System:  n2RMS');
    assert.match(lines[1] ?? '', /^Configuration: \S+/);
    assert.equal(lines[2], '');
    assert.equal(lines[3], 'Resource            Type    HostName            State        StateDetails');
    assert.equal(lines[4], '-'.repeat(77));
    assert.ok(lines.includes('app1                userApp                     Online'), d.stdout);
    assert.ok(lines.includes('n1RMS               SysNode                     Online'), d.stdout);
    const t = await hv(c, 'hvdisp', ['-T', 'userApplication'], { FERRY_NODE: 'n1' });
    const rows = hvdispRows(t.stdout);
    assert.deepEqual(rows, [['app1', 'userApp', 'Offline']], 'from n1 the local instance of app1 is Offline');
    const all = hvdispRows((await hv(c, 'hvdisp', ['-a', '-T', 'userApp'], { FERRY_NODE: 'n1' })).stdout);
    assert.deepEqual(all, [['app1', 'userApp', 'Offline'], ['app1', 'userApp', 'n2RMS', 'Online']]);
  });

  test('AUTORECOVER: a service that dies is started once more in place (HV_AUTORECOVER=1); no switchover', async () => {
    assert.equal((await c.ferry(['rs', 'set', '-p', 'AUTORECOVER=true', 'svc1'])).code, 0);
    await new Promise((r) => setTimeout(r, 2500)); // the checker reads its properties before each check
    s.crashGuest('n2', 'svc1');
    await waitFor(c.endpoint, 'restarted by AutoRecover', () => s.events().some((l) => l === 'n2 start svc1 HV_AUTORECOVER=1'), 30_000);
    const v = await waitFor(c.endpoint, 'recovered status', (x) => x.resources.find((r) => r.name === 'svc1')?.perNode.find((p) => p.target === 'n2')?.message.includes('AutoRecover') === true && x, 30_000);
    assert.equal(appState(v, 'app1', 'n2'), 'Online');
    assert.equal(appState(v, 'app1', 'n1'), 'Offline');
  });

  test('MONITORONLY: a fault is shown but does not fault the application', async () => {
    assert.equal((await c.ferry(['rs', 'set', '-p', 'AUTORECOVER=false', '-p', 'MONITORONLY=true', 'svc1'])).code, 0);
    await new Promise((r) => setTimeout(r, 2500));
    s.crashGuest('n2', 'svc1');
    const v = await waitFor(c.endpoint, 'shown Faulted', (x) => x.resources.find((r) => r.name === 'svc1')?.perNode.find((p) => p.target === 'n2')?.rms?.state === 'Faulted' && x, 30_000);
    assert.equal(appState(v, 'app1', 'n2'), 'Online (Fault Occurred)');
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(appState(await fetchView(c.endpoint), 'app1', 'n1'), 'Offline', 'not switched over');
    assert.equal((await c.ferry(['rs', 'set', '-p', 'MONITORONLY=false', 'svc1'])).code, 0);
  });

  test('hvutil -f takes it offline (HV_OFFLINE_REASON=STOP, then OfflineDoneScript); -d deactivates, -a activates', async () => {
    const r = await hv(c, 'hvutil', ['-f', 'app1']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(s.events().includes('n2 stop svc1 HV_OFFLINE_REASON=STOP'), s.events().join('\n'));
    await waitFor(c.endpoint, 'OfflineDoneScript ran', () => existsSync(join(s.dir('n2'), 'app-OfflineDone.env')));
    assert.equal(envFile(s, 'n2', 'app-OfflineDone.env')['HV_OFFLINE_REASON'], 'STOP');
    assert.equal((await hv(c, 'hvutil', ['-d', 'app1'])).code, 0);
    assert.deepEqual(hvdispRows((await hv(c, 'hvdisp', ['app1'], { FERRY_NODE: 'n1' })).stdout), [['app1', 'userApp', 'Deact']]);
    const sw = await hv(c, 'hvswitch', ['app1']);
    assert.equal(sw.code, 1);
    assert.match(sw.stderr, /deactivated/);
    assert.equal((await hv(c, 'hvutil', ['-a', 'app1'])).code, 0);
    assert.deepEqual(hvdispRows((await hv(c, 'hvdisp', ['app1'], { FERRY_NODE: 'n1' })).stdout), [['app1', 'userApp', 'Offline']]);
  });

  test('hvshut -s stops RMS on a SysNode (its applications go first); hvcm -s starts it again', async () => {
    assert.equal((await hv(c, 'hvswitch', ['app1', 'n1'])).code, 0);
    const keep = await hv(c, 'hvshut', ['-L'], { FERRY_NODE: 'n1' });
    assert.equal(keep.code, 1, 'keeping an online application running without RMS is refused');
    assert.match(keep.stderr, /app1 is Online on n1RMS/);
    const shut = await hv(c, 'hvshut', ['-s', 'n1RMS']);
    assert.equal(shut.code, 0, shut.stderr);
    const v = await fetchView(c.endpoint);
    assert.equal(v.nodes.find((n) => n.name === 'n1')?.rms?.details, 'Shutdown');
    assert.equal(appState(v, 'app1', 'n1'), 'Offline');
    const d = hvdispRows((await hv(c, 'hvdisp', ['-T', 'SysNode'])).stdout);
    assert.deepEqual(d, [['n1RMS', 'SysNode', 'Faulted', 'Shutdown'], ['n2RMS', 'SysNode', 'Online']]);
    assert.equal((await hv(c, 'hvshut', ['-s', 'n1'])).code, 1, 'RMS is not running there');
    const start = await hv(c, 'hvcm', ['-s', 'n1RMS']);
    assert.equal(start.code, 0, start.stderr);
    assert.deepEqual(hvdispRows((await hv(c, 'hvdisp', ['-T', 'SysNode'])).stdout), [['n1RMS', 'SysNode', 'Online'], ['n2RMS', 'SysNode', 'Online']]);
    assert.match((await hv(c, 'hvcm', ['-a'])).stdout, /already running on n1RMS/);
  });

  test('the hv* commands refuse bad input with one line and a non-zero status', async () => {
    const cases: [string, string[], number, RegExp][] = [
      ['hvdisp', ['-x'], 2, /unknown option -x/],
      ['hvdisp', ['-T', 'Bogus'], 1, /unknown type/],
      ['hvdisp', ['nosuch'], 1, /nosuch: no such object/],
      ['hvdisp', ['a', 'b'], 2, /at most one object/],
      ['hvswitch', [], 2, /no userApplication/],
      ['hvswitch', ['nosuch'], 1, /nosuch: no such userApplication/],
      ['hvswitch', ['app1', 'n9'], 1, /n9: no such SysNode/],
      ['hvswitch', ['app1', 'n1', 'extra'], 2, /unexpected argument/],
      ['hvutil', [], 2, /give one of/],
      ['hvutil', ['-m', 'maybe', 'app1'], 2, /on, off or forceoff/],
      ['hvutil', ['-f', 'nosuch'], 1, /nosuch/],
      ['hvutil', ['-u', 'n1'], 1, /not supported/],
      ['hvutil', ['-m', 'off', 'app1'], 0, /maintenance mode off/],
      ['hvshut', [], 2, /exactly one/],
      ['hvshut', ['-l'], 1, /FERRY_NODE/],
      ['hvcm', ['-c', 'config'], 2, /not supported/],
      ['hvcm', ['-s', 'n9'], 1, /n9/],
    ];
    for (const [cmd, args, code, re] of cases) {
      const r = await hv(c, cmd, args);
      assert.equal(r.code, code, `${cmd} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(code === 0 ? r.stdout : r.stderr, re, `${cmd} ${args.join(' ')}`);
      if (code !== 0) assert.ok(r.stderr.startsWith(`${cmd}: `), r.stderr);
    }
  });

  test('without a cluster every hv* command says RMS is not running (exit 3)', async () => {
    for (const [cmd, args] of [['hvdisp', []], ['hvswitch', ['app1']], ['hvutil', ['-f', 'app1']], ['hvshut', ['-a']], ['hvcm', ['-a']]] as const) {
      const r = await hv(c, cmd, args, { FERRY_ENDPOINT: 'http://127.0.0.1:1' });
      assert.equal(r.code, 3, `${cmd}: ${r.stderr}`);
      assert.equal(r.stderr, `${cmd}: RMS is not running\n`);
    }
  });
});
