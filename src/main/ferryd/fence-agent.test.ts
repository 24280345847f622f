import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runFenceAgent } from './fence-agent.js';

describe('runFenceAgent (fence-agents calling conventions)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-fence-'));
  const agent = join(dir, 'fence_fake');
  writeFileSync(agent, '#!/bin/sh\ncat >"$1"\n[ "$2" = fail ] && { echo "cannot reach the PDU" >&2; exit 1; }\n[ "$2" = hang ] && exec sleep 30\nexit 0\n');
  chmodSync(agent, 0o755);

  test('options arrive on stdin as key=value lines; exit 0 confirms', async () => {
    const out = join(dir, 'stdin-ok');
    const r = await runFenceAgent(`${agent} ${out} ok`, 'n2', 'off', 5000);
    assert.equal(r.ok, true);
    assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n'), ['action=off', 'plug=n2', 'port=n2', 'nodename=n2']);
  });

  test('a failing agent is not a confirmation and its message is kept', async () => {
    const r = await runFenceAgent(`${agent} ${join(dir, 'stdin-fail')} fail`, 'n3', 'reboot', 5000);
    assert.equal(r.ok, false);
    assert.equal(r.exitCode, 1);
    assert.match(r.output, /cannot reach the PDU/);
    assert.match(readFileSync(join(dir, 'stdin-fail'), 'utf8'), /^action=reboot$/m);
  });

  test('a hanging agent is killed at its deadline; a missing one fails', async () => {
    const hang = await runFenceAgent(`${agent} ${join(dir, 'stdin-hang')} hang`, 'n1', 'off', 300);
    assert.equal(hang.ok, false);
    assert.match(hang.output, /killed after 300 ms/);
    const missing = await runFenceAgent(join(dir, 'no_such_agent'), 'n1', 'off', 5000);
    assert.equal(missing.ok, false);
    assert.equal(missing.exitCode, 127);
  });
});
