import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO, GLOBAL } from './change/fixtures.js';
import { groupName, resourceName } from './names.js';
import type { Resource } from './resource.js';
import { methodPlacement, runsInGlobalZone } from './zone-execution.js';

const resource = (type: typeof DEMO, properties: Resource['properties'] = {}): Resource => ({
  name: resourceName('r1'), type: type.name, group: groupName('g1'), properties, extension: {}, perNode: {}, enabled: true, monitored: true,
});

describe('methodPlacement', () => {
  it('runs an ordinary type inside the zone of a zone target, without -Z', () => {
    assert.deepEqual(methodPlacement(DEMO, resource(DEMO), 'n1:z1'), { zone: 'z1' });
    assert.deepEqual(methodPlacement(DEMO, resource(DEMO), 'n1'), {});
  });

  it('runs a Global_zone type in the global zone with -Z zone, and gives no -Z without a zone', () => {
    assert.equal(runsInGlobalZone(GLOBAL, resource(GLOBAL)), true);
    assert.deepEqual(methodPlacement(GLOBAL, resource(GLOBAL), 'n1:z1'), { zoneArg: 'z1' });
    assert.deepEqual(methodPlacement(GLOBAL, resource(GLOBAL), 'n1'), {});
  });

  it('lets Global_zone_override=FALSE take precedence over the type', () => {
    const r = resource(GLOBAL, { Global_zone_override: false });
    assert.equal(runsInGlobalZone(GLOBAL, r), false);
    assert.deepEqual(methodPlacement(GLOBAL, r, 'n1:z1'), { zone: 'z1' });
    // On a type without Global_zone the property has no meaning (and the config refuses it).
    assert.equal(runsInGlobalZone(DEMO, resource(DEMO, { Global_zone_override: true })), false);
  });
});
