import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingNamespace, namespacedCommand } from './namespace-exec.js';

describe('namespacedCommand', () => {
  it('runs the command itself without namespaces', () => {
    assert.deepEqual(namespacedCommand('/bin/true', ['-x'], {}), ['/bin/true', ['-x']]);
  });

  it('uses ip netns exec for a network namespace alone', () => {
    assert.deepEqual(namespacedCommand('/m/start', ['-R', 'r'], { netns: 'ns1' }), ['ip', ['netns', 'exec', 'ns1', '/m/start', '-R', 'r']]);
  });

  it('enters a persistent mount namespace (and the network namespace) with nsenter, so mounts outlive the method', () => {
    assert.deepEqual(namespacedCommand('/m/start', ['-R', 'r'], { mountns: '/d/mntns/n1' }), ['nsenter', ['--mount=/d/mntns/n1', '--', '/m/start', '-R', 'r']]);
    assert.deepEqual(namespacedCommand('/m/start', [], { netns: 'ns1', mountns: '/d/mntns/n1' }), ['nsenter', ['--mount=/d/mntns/n1', '--net=/run/netns/ns1', '--', '/m/start']]);
  });

  it('keeps arguments that look like options to nsenter as the command\'s own', () => {
    const [, args] = namespacedCommand('/m/x', ['--net=/elsewhere'], { mountns: '/f' });
    assert.deepEqual(args.slice(args.indexOf('--') + 1), ['/m/x', '--net=/elsewhere']);
  });
});

describe('missingNamespace', () => {
  it('names a network or mount namespace that does not exist', async () => {
    assert.match((await missingNamespace({ netns: 'ferry-no-such-ns-42' })) ?? '', /network namespace ferry-no-such-ns-42 does not exist/);
    assert.match((await missingNamespace({ mountns: '/nonexistent/mnt' })) ?? '', /mount namespace \/nonexistent\/mnt does not exist/);
    assert.equal(await missingNamespace({}), undefined);
  });
});
