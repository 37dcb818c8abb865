import { describe, expect, it } from 'vitest';
import { clientAddress } from '../src/index.js';

// The studio's login throttle and the billing webhook's rejection budget key clients by this address; the HTTP tests
// of both (studio loginThrottleBypass, adapter-billing refusalsAndPlaces) drive it through real requests.
describe('clientAddress', () => {
  it('is the socket address unless told of a proxy, whatever the header says', () => {
    expect(clientAddress('10.0.0.5', '203.0.113.9', false)).toBe('10.0.0.5');
    expect(clientAddress(undefined, '203.0.113.9', false)).toBeUndefined();
  });

  it("behind a proxy, is the last hop (the proxy's own), never one the client wrote before it", () => {
    expect(clientAddress('10.0.0.1', '203.0.113.1, 198.51.100.7', true)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.1', ' 198.51.100.8 ', true)).toBe('198.51.100.8');
  });

  it('behind a proxy with no usable last hop, is the socket address', () => {
    expect(clientAddress('10.0.0.1', undefined, true)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '203.0.113.1, ', true)).toBe('10.0.0.1');
  });
});
