import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serveEndpoint, type Endpoint } from '../agent/endpoint/index.js';
import { fixtureStore, NOW_MS } from '../api/scha/fixture.test-support.js';
import { schaRoutes } from '../api/scha/index.js';
import cli from './scha-cli.cjs';

type SchaCommandName = Parameters<typeof cli.runSchaCommand>[0];
const { agentSocket, runSchaCommand } = cli;

describe('scha_* command line', () => {
  let endpoint: Endpoint;
  const socket = join(mkdtempSync(join(tmpdir(), 'scha-cmd-')), 'agent.sock');
  before(async () => {
    const { store, keys } = await fixtureStore();
    endpoint = await serveEndpoint(socket, schaRoutes({ store, keys, node: 'n1', clock: () => NOW_MS, report: async () => undefined }));
  });
  after(async () => { await endpoint.close(); });

  const run = async (name: SchaCommandName, argv: string[], env: Record<string, string> = { FERRY_AGENT_SOCKET: socket }) => {
    let stdout = '';
    let stderr = '';
    const code = await runSchaCommand(name, argv, { env, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    return { code, stdout, stderr };
  };

  test('prints one value a line and exits 0', async () => {
    assert.deepEqual(await run('scha_resource_get', ['-O', 'EXTENSION', '-R', 'r1', '-G', 'rg1', 'Hosts']), { code: 0, stdout: 'STRINGARRAY\na\nb\n', stderr: '' });
    assert.deepEqual(await run('scha_resourcegroup_get', ['-O', 'nodelist', '-G', 'rg1']), { code: 0, stdout: 'n1\nn2\n', stderr: '' });
    assert.deepEqual(await run('scha_cluster_get', ['-O', 'NODENAME_NODEID', '2']), { code: 0, stdout: 'n2\n', stderr: '' });
    assert.deepEqual(await run('scha_resourcetype_get', ['-OAPI_VERSION', '-Tapp']), { code: 0, stdout: '2\n', stderr: '' });
    assert.deepEqual(await run('scha_resource_get', ['-Q', '-O', 'RESOURCE_DEPENDENCIES', '-R', 'r1']), { code: 0, stdout: 'r2{LOCAL_NODE}\n', stderr: '' });
  });

  test('usage errors exit SCHA_ERR_INVAL (3) with the usage line', async () => {
    for (const [name, argv] of [
      ['scha_resource_get', ['-R', 'r1']], ['scha_resource_get', ['-O', 'TYPE']], ['scha_resource_get', ['-O']], ['scha_resource_get', ['-x']],
      ['scha_resourcegroup_get', ['-O', 'RG_STATE']], ['scha_resourcetype_get', ['-O', 'RT_VERSION']],
      ['scha_control', ['-O', 'GIVEOVER', '-R', 'r1']], ['scha_control', ['-O', 'GIVEOVER', '-R', 'r1', '-G', 'rg1', 'extra']],
      ['scha_resource_setstatus', ['-R', 'r1', '-G', 'rg1']], ['scha_resource_setstatus', ['-R', 'r1', '-G', 'rg1', '-s']],
    ] as [SchaCommandName, string[]][]) {
      const r = await run(name, argv);
      assert.equal(r.code, 3, `${name} ${argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^${name}: .*\\nusage: ${name} `));
      assert.equal(r.stdout, '');
    }
  });

  test('refusals exit with their scha_err_t number and one line on stderr', async () => {
    const cases: [SchaCommandName, string[], number][] = [
      ['scha_resource_get', ['-O', 'BOGUS', '-R', 'r1'], 4],
      ['scha_resource_get', ['-O', 'TYPE', '-R', 'ghost'], 13],
      ['scha_resource_get', ['-O', 'TYPE', '-R', 'r1', '-G', 'ghost'], 12],
      ['scha_resource_get', ['-O', 'EXTENSION', '-R', 'r1', 'Ghost'], 15],
      ['scha_resource_get', ['-O', 'RESOURCE_STATE_NODE', '-R', 'r1', 'n9'], 11],
      ['scha_resourcetype_get', ['-O', 'RT_VERSION', '-T', 'ghost'], 14],
      ['scha_resource_setstatus', ['-R', 'r1', '-G', 'rg1', '-s', 'SUPER'], 17],
      ['scha_control', ['-O', 'JUMP', '-R', 'r1', '-G', 'rg1'], 4],
    ];
    for (const [name, argv, code] of cases) {
      const r = await run(name, argv);
      assert.equal(r.code, code, `${name} ${argv.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
      assert.equal(r.stdout, '');
    }
  });

  test('outside any method: no socket is SCHA_ERR_ACCESS (6); an agent that is not there is SCHA_ERR_RECONF (5)', async () => {
    const none = await run('scha_cluster_get', ['-O', 'NODENAME_LOCAL'], {});
    assert.equal(none.code, 6);
    assert.match(none.stderr, /not called from a method: FERRY_AGENT_SOCKET is not set/);
    const gone = await run('scha_cluster_get', ['-O', 'NODENAME_LOCAL'], { FERRY_AGENT_SOCKET: join(tmpdir(), 'no-such-dir', 'agent.sock') });
    assert.equal(gone.code, 5);
    assert.match(gone.stderr, /cannot reach the agent/);
  });

  test('the socket comes from FERRY_AGENT_SOCKET, else <data>/nodes/$FERRY_NODE/agent.sock', () => {
    assert.equal(agentSocket({ FERRY_AGENT_SOCKET: '/s', FERRY_NODE: 'n1' }), '/s');
    assert.equal(agentSocket({ FERRY_NODE: 'n1', FERRY_DATA: '/d' }), '/d/nodes/n1/agent.sock');
    assert.equal(agentSocket({}), undefined);
  });
});
