// The native pmfadm (native/*.c) against the JavaScript one it replaces: for the same argv, environment
// and agent answers, both must exit the same, print the same bytes and send the agent the same
// requests. The agent here is a recording endpoint whose answers each test sets, plus a raw socket
// server for answers our agent never gives (not JSON, cut short, no answer at all).
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { EndpointError, serveEndpoint } from '../../src/agent/endpoint/index.js';
import type { Endpoint } from '../../src/agent/endpoint/index.js';
import { mainBin, tempDir, writeScript } from './helpers.js';
import { isNativeBuilt, jsPmfadm, nativePmfadm, runFile } from './pmfadm-impls.js';
import type { PmfadmRun } from './pmfadm-impls.js';

const notBuilt = isNativeBuilt() ? false : 'dist/native/pmfadm is not built (no C compiler?): only the JavaScript pmfadm is tested';
const launcher = fileURLToPath(new URL('../../../bin/pmfadm', import.meta.url));

interface Recorded {
  readonly route: string;
  readonly body: unknown;
}

const STATUS = {
  tag: 'rg,rs,0.svc', command: '/bin/sh', args: ['-c', `it's "here"; echo $HOME`, '', 'plain-word'],
  env: { B: '1', A_B: '2', AB: '3', a: '4', _A: '5', 'A-B': '6', A1: '7', Ab: '8', PATH: '/usr/bin:/bin', FERRY_X: 'x y' },
  cwd: '/', retries: -1, periodMs: 90_000, action: ['/bin/sh', '-c', 'echo giving up "$@"', 'sh'], childMonitorLevel: 2,
  monitored: false, running: true, phase: 'running', pids: [12, 345], restartsInWindow: 3, totalRestarts: 4,
};

describe('the native pmfadm behaves exactly as the JavaScript one', { skip: notBuilt }, () => {
  let dir: string;
  let work: string;
  let cleanup: () => void;
  let endpoint: Endpoint;
  let socket: string;
  let env: NodeJS.ProcessEnv;
  let calls: Recorded[] = [];
  let answers: Record<string, (body: unknown) => Promise<unknown>> = {};

  const defaultAnswers = (): Record<string, (body: unknown) => Promise<unknown>> => ({
    'pmf.start': async () => null,
    'pmf.signal': async () => ({ exited: true }),
    'pmf.modify': async () => null,
    'pmf.status': async () => STATUS,
    'pmf.list': async () => ({ tags: ['a', 'rg,rs,0.svc'] }),
  });

  /** Runs both builds the same way; asserts the same exit, output and requests; returns the JS run. */
  async function same(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; racyRequests?: boolean } = {}): Promise<PmfadmRun> {
    const runEnv = options.env ?? env;
    const cwd = options.cwd ?? work;
    calls = [];
    const js = await jsPmfadm.run(args, runEnv, { cwd });
    const jsCalls = calls;
    calls = [];
    const native = await nativePmfadm.run(args, runEnv, { cwd });
    const what = `pmfadm ${JSON.stringify(args)}`;
    assert.equal(native.code, js.code, `exit status of ${what}: ${js.stderr} | ${native.stderr}`);
    assert.equal(native.stdout, js.stdout, `stdout of ${what}`);
    // Node's warnings name its pid: "(node:1234)".
    const pidless = (b: Buffer): string => b.toString('latin1').replace(/^\(node:\d+\)/gm, '(node:PID)');
    assert.equal(pidless(native.stderrBytes), pidless(js.stderrBytes), `stderr of ${what}`);
    assert.ok(native.stdoutBytes.equals(js.stdoutBytes), `stdout bytes of ${what}`);
    if (options.racyRequests !== true) assert.deepEqual(calls, jsCalls, `requests of ${what}`);
    return js;
  }

  before(async () => {
    ({ dir, cleanup } = tempDir('ferry-pmfadm-native-'));
    work = join(dir, 'work');
    mkdirSync(join(work, 'bin'), { recursive: true });
    mkdirSync(join(work, 'sub'), { recursive: true });
    writeScript(work, 'act', 'exit 0');
    writeScript(join(work, 'bin'), 'on-path', 'exit 0');
    socket = join(dir, 'agent.sock');
    const route = (name: string) => async (body: unknown): Promise<unknown> => {
      calls.push({ route: name, body });
      const answer = answers[name];
      if (answer === undefined) throw new EndpointError('unknown-route', name, 404);
      return answer(body);
    };
    endpoint = await serveEndpoint(socket, Object.fromEntries(Object.keys(defaultAnswers()).map((r) => [r, route(r)])));
    env = {
      PATH: `${join(work, 'bin')}:/usr/local/bin:/usr/bin:/bin`, FERRY_AGENT_SOCKET: socket, FERRY_NODE: 'n1',
      FERRY_ODD: 'a "quoted" \\ back\nslash\t😀', OTHER: 'not passed without -E', HOME: '/root',
    };
  });
  beforeEach(() => {
    answers = defaultAnswers();
  });
  after(async () => {
    await endpoint.close();
    cleanup();
  });

  it('parses every valid form into the same request', async () => {
    const forms: string[][] = [
      ['-c', 'rg,rs,0.svc', '-n', '2', '-t', '5', '-e', 'GREETING=hello world', '/bin/sh', '-c', 'exec sleep 1000'],
      ['-c', 't', '-n', '-1', '-t', '-1', '-C', '0', '-e', 'A=1', '-e', 'A=2', '-e', '_b=', 'cmd', '--', '-x'],
      ['-ct', '-n-0', '-C-0', '-t9007199254740991', '--', '-cmd', 'a b'],
      ['-c', 't', '-E', '/bin/true'],
      ['-c', 't', '-a', 'act', 'x'],
      ['-c', 't', '-a', './act', 'x'],
      ['-c', 't', '-a', 'sub/../act', 'x'],
      ['-c', 't', '-a', 'on-path', 'x'],
      ['-c', 't', '-a', 'no-such-action', 'x'],
      ['-c', 't', '-a', '..', 'x'],
      ['-c', 't', '-a', '', 'x'],
      ['-c', 't', '-a', '/bin/echo giving up', 'x'],
      ['-c', 't', '-a', ' lone ', 'x'],
      ['-c', 't', '-a', 'a\u00a0b', 'x'],
      ['-c', 't', '-a', '\u3000spaced\u3000', 'x'], ['-c', 't', '-a', 'a\u3000b', 'x'], ['-c', 't', '-a', 'a\u2028b\ufeff', 'x'],
      ['-c', 't', '-a', 'a\u200bb', 'x'], ['-c', 't', '-a', 'tab\tbed', 'x'],
      ['-c', 't', '-a', '//bin///../bin/./true', 'x'], ['-c', 't', '-a', '../../../../../../../../../../bin/true', 'x'],
      ['-c', 'ünï', '-e', 'U=grüße 😀', 'prog\u2028', ''],
      ['-k', 't'], ['-k', 't', 'term'], ['-k', 't', '15'], ['-k', 't', '0015'], ['-k', 't', 'SigKill'],
      ['-k', 't', ' usr1 '], ['-k', 't', '6'], ['-k', 't', 'iot'], ['-k', 't', 'POLL'], ['-k', 't', '29'],
      ['-k', 't', 'ſigſtop'], ['-k', 't', 'ﬆop'], ['-s', 't'], ['-s', 't', 'HUP'], ['-s', 't', '-w', '10'],
      ['-s', 't', '-w', '0', 'KILL'], ['-sx', '-w5'],
      ['-m', 't', '-n', '3'], ['-m', 't', '-t', '-1'], ['-m', 't', '-t', '2', '-n', '-1'],
      ['-q', 't'], ['-l', 't'], ['-L'], ['-q', '\u00ff\u00fe'], ['-L', '-h', 'localhost'], ['-q', 't', '-h', '127.0.0.1'], ['-l', 't', '-h', 'n1'],
    ];
    for (const args of forms) await same(args);
    await same(['-c', 't', '-E', '/bin/true'], { env: { ...env, '0': 'index', '4294967295': 'not an index', 'ODD\u00e9': 'é' } });
    await same(['-c', 't', '-a', 'on-path', 'x'], { env: { ...env, PATH: undefined } });
    await same(['-c', 't', '-a', 'act', 'x'], { env: { ...env, PATH: '' } });
    await same(['-c', 't', '-a', '', 'x'], { env: { ...env, PATH: '/usr/bin/:/bin' } });
    await same(['-c', 't', '-a', 'on-path', 'x'], { env: { ...env, PATH: `/nonexistent::.//bin/../bin/:${join(work, 'bin')}` } });
    await same(['-c', 't', '-a', 'act', 'x'], { env: { ...env, PATH: 'sub/..:bin' } });
  });

  it('refuses every bad usage with the same message', async () => {
    const bad: string[][] = [
      [], ['-Z'], ['-q', 'x', '-Z'], ['-:'], ['-q', 'x', '-é'], ['-q', 'x', '-😀'], ['-c'], ['-Lc'], ['-q', ''], ['-q', 'a', '-l', 'b'],
      ['-L', '-L'], ['-c', 'x', '-n', 'three', '/bin/true'], ['-c', 'x', '-n', '-2', '/bin/true'], ['-c', 'x', '-n', '', 'p'],
      ['-c', 'x', '-n', '1e3', 'p'], ['-c', 'x', '-n', '+1', 'p'], ['-c', 'x', '-n', '9007199254740992', 'p'],
      ['-c', 'x', '-n', '99999999999999999999999', 'p'], ['-c', 'x', '-n', '-99999999999999999999', 'p'],
      ['-c', 'x', '-n', '1'.repeat(400), 'p'], ['-c', 'x', '-t', '123456789012345678901234567890', 'p'],
      ['-c', 'x', '-t', '0', '/bin/true'], ['-c', 'x', '-t', '-0', '/bin/true'], ['-s', 'x', '-w', '1.5'], ['-s', 'x', '-w', '-1'],
      ['-c', 'x', '-C', '-1', '/bin/true'], ['-c', 'x', '-n', '1'], ['-c', 'x', '-e', 'A=1', '-E', '/bin/true'],
      ['-c', 'x', '-e', '1A=1', '/bin/true'], ['-c', 'x', '-e', '=1', 'p'], ['-c', 'x', '-e', 'NOEQUALS', 'p'], ['-c', 'x', '-e', 'É=1', 'p'],
      ['-c', 'x', '-e', 'A-B=1', 'p'], ['-s', 'x', 'NOSUCHSIG'], ['-s', 'x', '0'], ['-s', 'x', '32'], ['-s', 'x', 'SIG'], ['-s', 'x', ''],
      ['-s', 'x', 'TERM', 'more'], ['-q', 'x', '-n', '1'], ['-L', '-a', 'x'], ['-m', 'x'], ['-m', 'x', '-n', '1', 'extra'],
      ['-q', 'x', 'extra'], ['-L', '--', '-L'], ['-c', 'x', '-a'], ['-L', '-h', 'elsewhere'], ['-q', 'x', '-h', ''],
      ['-c', 'x', '-n', '1', '-C', '1.0', '-e', 'bad', 'p'], ['-c', 'x', '-e', 'bad', '-E'],
    ];
    for (const args of bad) {
      const r = await same(args);
      assert.ok(r.code === 3 || r.code === 4, `pmfadm ${JSON.stringify(args)} exits ${r.code}`);
    }
  });

  it('agrees on random command lines', async () => {
    const tokens = [
      '-c', '-k', '-s', '-m', '-q', '-l', '-L', '-a', '-e', '-E', '-n', '-t', '-C', '-w', '-h', '--', '-', '-cx', '-Ln', '-n5', '-t-1',
      'x', 'rg,rs', '/bin/true', 'sleep', 'TERM', '9', 'sigkill', '0', '-1', '-0', '1.5', 'A=1', '1A=b', 'B=  two words', '', ' ',
      'é', '-é', 'localhost', '99999999999999999999', '9007199254740992', '-Z', ':', '-:', './act', '..', 'echo hi', 'a\u00a0b',
    ];
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...tokens), { maxLength: 8 }), async (args) => {
      await same(args);
    }), { numRuns: 40 });
  });

  it('shows a tag, lists tags and answers -q the same way', async () => {
    const statuses: unknown[] = [
      STATUS,
      { ...STATUS, periodMs: 1, childMonitorLevel: undefined, action: ['/usr/bin/act', 'x y'], monitored: true, pids: [] },
      { ...STATUS, periodMs: undefined, action: undefined, retries: 0, args: [], env: {}, restartsInWindow: 0 },
      { ...STATUS, periodMs: 150_000, env: { Z: 'a\nb', z: '', 'A.B': '=', 'A+B': '+', A0: '0', a0: '0', 'A\u0001': 'ctl', A: 'x' } },
      { ...STATUS, running: false, monitored: 1, periodMs: 1e30 },
      { ...STATUS, running: '', tag: "it's", command: 'ünï 😀', pids: [1, null, 2] },
    ];
    for (const status of statuses) {
      answers['pmf.status'] = async () => status;
      await same(['-l', 'rg,rs,0.svc']);
      await same(['-q', 'rg,rs,0.svc']);
    }
    answers['pmf.status'] = async () => null;
    assert.equal((await same(['-l', 'ghost'])).code, 1);
    assert.equal((await same(['-q', 'ghost'])).code, 1);
    for (const tags of [[], ['one'], ['a b', 'ü', '']]) {
      answers['pmf.list'] = async () => ({ tags });
      await same(['-L']);
    }
  });

  it('maps the agent refusals and the -w outcomes to the same exit statuses', async () => {
    for (const [code, status] of [['tag-exists', 409], ['no-such-tag', 404], ['bad-request', 400], ['spawn-failed', 400], ['other', 500]] as const) {
      answers['pmf.start'] = async () => { throw new EndpointError(code, `refused: ${code} "quoted"\nsecond line`, status); };
      await same(['-c', 't', '/bin/true']);
    }
    answers['pmf.modify'] = async () => { throw new Error('crashed'); };
    assert.equal((await same(['-m', 't', '-n', '1'])).code, 4);
    answers['pmf.signal'] = async () => ({ exited: false });
    assert.equal((await same(['-s', 't', '-w', '3', 'TERM'])).code, 2);
    assert.equal((await same(['-k', 't'])).code, 0);
    answers['pmf.signal'] = async () => ({ exited: 0 });
    assert.equal((await same(['-s', 't', '-w', '2147453'])).code, 2);
    answers['pmf.signal'] = async () => ({ exited: 'yes' });
    assert.equal((await same(['-s', 't', '-w', '1'])).code, 0);
  });

  it('cuts an overlong -w timeout to 1 ms with Node\'s warning, as Node\'s setTimeout does', async () => {
    answers['pmf.signal'] = async () => {
      await sleep(300);
      return { exited: true };
    };
    // Whether the request reaches the agent within that 1 ms is a race, for both builds.
    const r = await same(['-s', 't', '-w', '2200000'], { racyRequests: true });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /TimeoutOverflowWarning: 2200030000 does not fit/);
    assert.match(r.stderr, /pmfadm: pmf.signal: no answer within 2200030000 ms\n$/);
    await same(['-s', 't', '-w', '2200000'], { env: { ...env, NODE_NO_WARNINGS: '1' }, racyRequests: true });
  });

  it('fails the same way on answers that are not ours', async () => {
    const raw = join(dir, 'raw.sock');
    let respond: (conn: Socket, request: string) => void = () => undefined;
    const server: Server = createServer((conn) => {
      let request = '';
      conn.on('data', (d: Buffer) => {
        request += d.toString('latin1');
        const head = request.indexOf('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(request)?.[1] ?? 0);
        if (head >= 0 && request.length >= head + 4 + length) respond(conn, request);
      });
      conn.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(raw, resolve));
    const rawEnv = { ...env, FERRY_AGENT_SOCKET: raw };
    /** An HTTP answer with a correct content-length. */
    const http = (statusLine: string, body: string | Buffer) => (c: Socket): void => {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      c.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${statusLine}\r\ncontent-length: ${bytes.length}\r\n\r\n`), bytes]));
    };
    const answersOf: [string, (conn: Socket) => void][] = [
      ['not JSON', http('200 OK', 'hello')],
      ['empty', http('502 Bad Gateway', '')],
      ['hang-up', (c) => c.destroy()],
      ['cut short', (c) => c.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"ok":')],
      ['chunked', (c) => c.end('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n7\r\n{"ok":t\r\n15;x=y\r\nrue,"result":{"tags":\r\n8\r\n["x","y"\r\n3\r\n]}}\r\n0\r\n\r\n')],
      ['chunk too long', (c) => c.end('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n7\r\n{"ok":t\r\n16\r\nrue,"result":{"tags":\r\n8\r\n["x","y"\r\n2\r\n]}\r\n0\r\n\r\n')],
      ['bad chunk size', (c) => c.end('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n')],
      ['until close', (c) => c.end('HTTP/1.1 200 OK\r\n\r\n{"ok":true,"result":{"tags":[1,2.5,true,null,{},[3,4]]}}')],
      ['no error object', http('500 Oops', '{"ok":false}')],
      ['odd error', http('409 X', '{"ok":1,"error":{"code":"tag-exists","message":7}}')],
      ['error not an object', http('400 X', '{"ok":false,"error":"tag-exists"}')],
      ['bad UTF-8', http('200 OK', Buffer.concat([Buffer.from('{"ok":true,"result":{"tags":["'), Buffer.from([0xff, 0xc3, 0x41, 0xe2, 0x82]), Buffer.from('"]}}')]))],
      ['escapes', http('200 OK', '{"ok":true,"result":{"tags":["\\ud83d\\ude00","\\ud800x","\\u00e9\\/\\"\\\\\\t"]}}  ')],
      ['numbers', http('200 OK', '{"ok":true,"result":{"tags":[1e21,1.5e-7,-0,0.1,123456789012345680000,5e-324,1.7976931348623157e308]}}')],
      ['bad number', http('200 OK', '{"ok":true,"result":{"tags":[01]}}')],
      ['raw control character', http('200 OK', '{"ok":true,"result":{"tags":["a\tb"]}}')],
      ['trailing garbage', http('200 OK', '{"ok":true,"result":{"tags":["a"]}} x')],
      ['byte order mark', http('200 OK', '\ufeff{"ok":true,"result":{"tags":[]}}')],
      ['duplicate keys', http('200 OK', '{"ok":false,"ok":true,"result":{"tags":[]},"x":[{}]}')],
    ];
    try {
      for (const [what, answer] of answersOf) {
        respond = answer;
        const r = await same(['-L'], { env: rawEnv });
        assert.ok(r.code === 0 || r.code === 1 || r.code === 4, `${what}: exit ${r.code}`);
      }
    } finally {
      server.close();
    }
  });

  it('bin/pmfadm runs the native build, also through a symlink on PATH', async () => {
    const linkDir = join(dir, 'on-path');
    mkdirSync(linkDir);
    symlinkSync(launcher, join(linkDir, 'pmfadm'));
    const r = await runFile('pmfadm', ['-L'], { ...env, PATH: `${linkDir}:${env['PATH'] ?? ''}` });
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'tags: a rg,rs,0.svc\n', '']);
    // A native build that only says who it is shows which one the launcher picked.
    const fake = join(dir, 'fake-root');
    mkdirSync(join(fake, 'bin'), { recursive: true });
    mkdirSync(join(fake, 'dist', 'native'), { recursive: true });
    mkdirSync(join(fake, 'dist', 'src', 'main'), { recursive: true });
    copyFileSync(launcher, join(fake, 'bin', 'pmfadm'));
    symlinkSync(mainBin('pmfadm'), join(fake, 'dist', 'src', 'main', 'pmfadm.js'));
    writeScript(join(fake, 'dist', 'native'), 'pmfadm', 'echo "native $*"');
    assert.equal((await runFile(join(fake, 'bin', 'pmfadm'), ['-q', 'a b'], env)).stdout, 'native -q a b\n');
    // Not executable (a failed build would leave none at all): the JavaScript one runs instead.
    writeFileSync(join(fake, 'dist', 'native', 'pmfadm'), 'not a program');
    chmodSync(join(fake, 'dist', 'native', 'pmfadm'), 0o644);
    const js = await runFile(join(fake, 'bin', 'pmfadm'), ['-L'], { ...env, PATH: `${process.execPath.replace(/\/[^/]*$/, '')}:/usr/bin:/bin` });
    assert.deepEqual([js.code, js.stdout, js.stderr], [0, 'tags: a rg,rs,0.svc\n', '']);
  });
});
