import { expect, it } from 'vitest';
import { addressBlock } from './login-limiter.js';

it('keeps IPv4 addresses whole and cuts IPv6 addresses to their /64', () => {
  expect(addressBlock('203.0.113.7')).toBe('203.0.113.7');
  expect(addressBlock('2001:db8:aa:bb::1')).toBe('2001:db8:aa:bb::/64');
  expect(addressBlock('2001:0DB8:00aa:00bb:ffff:1:2:3')).toBe('2001:db8:aa:bb::/64');
  expect(addressBlock('::1')).toBe('0:0:0:0::/64');
  expect(addressBlock('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  expect(addressBlock('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  expect(addressBlock('unknown')).toBe('unknown');
});
