import { describe, expect, it } from 'vitest';
import { classifyAddress, isHostAllowed } from './address-policy';

describe('classifyAddress', () => {
  it.each([
    ['0.0.0.0', 'a "this network" address'],
    ['0.255.1.2', 'a "this network" address'],
    ['10.0.0.5', 'a private address'],
    ['10.255.255.255', 'a private address'],
    ['100.64.0.1', 'a carrier-grade NAT (shared) address'],
    ['100.127.255.254', 'a carrier-grade NAT (shared) address'],
    ['127.0.0.1', 'a loopback address'],
    ['127.200.3.4', 'a loopback address'],
    ['169.254.169.254', 'the cloud metadata address'],
    ['169.254.10.1', 'a link-local address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.0.0.170', 'a reserved (IETF protocol) address'],
    ['192.0.2.1', 'a documentation address'],
    ['192.88.99.1', 'a reserved (6to4 relay) address'],
    ['192.168.1.1', 'a private address'],
    ['198.18.0.1', 'a reserved (benchmarking) address'],
    ['198.19.255.1', 'a reserved (benchmarking) address'],
    ['198.51.100.7', 'a documentation address'],
    ['203.0.113.9', 'a documentation address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['240.0.0.1', 'a reserved address'],
    ['255.255.255.255', 'a reserved address'],
  ])('refuses IPv4 %s as %s', (address, reason) => {
    expect(classifyAddress(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '192.167.255.255', '192.169.0.0', '169.253.255.255', '11.0.0.1', '223.255.255.255', '198.17.255.255', '198.20.0.0'])(
    'allows public IPv4 %s (range edges included)',
    (address) => {
      expect(classifyAddress(address)).toBeUndefined();
    },
  );

  it.each([
    ['::', 'the unspecified address (::)'],
    ['::1', 'a loopback address (::1)'],
    ['0:0:0:0:0:0:0:1', 'a loopback address (::1)'],
    ['[::1]', 'a loopback address (::1)'],
    ['fc00::1', 'a private (unique local) address'],
    ['fd12:3456:789a::1', 'a private (unique local) address'],
    ['fd00:ec2::254', 'a private (unique local) address'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['febf:ffff::1', 'a link-local address'],
    ['fec0::1', 'a site-local address'],
    ['ff02::1', 'a multicast address'],
    ['2001:db8::1', 'a documentation address'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'a Teredo tunnel address'],
    ['::7f00:1', 'a deprecated IPv4-compatible IPv6 address'],
    ['100::1', 'a reserved address'],
    ['4000::1', 'a reserved address'],
  ])('refuses IPv6 %s as %s', (address, reason) => {
    expect(classifyAddress(address)).toBe(reason);
  });

  it.each([
    ['::ffff:127.0.0.1', 'a loopback address (127.0.0.1, in IPv4-mapped form)'],
    ['::ffff:7f00:1', 'a loopback address (127.0.0.1, in IPv4-mapped form)'],
    ['::FFFF:10.0.0.5', 'a private address (10.0.0.5, in IPv4-mapped form)'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'the cloud metadata address (169.254.169.254, in IPv4-mapped form)'],
    ['::ffff:192.168.0.1', 'a private address (192.168.0.1, in IPv4-mapped form)'],
    ['64:ff9b::10.1.2.3', 'a private address (10.1.2.3, in NAT64 form)'],
    ['64:ff9b::7f00:1', 'a loopback address (127.0.0.1, in NAT64 form)'],
    ['2002:a00:1::1', 'a private address (10.0.0.1, in 6to4 form)'],
    ['2002:7f00:1::', 'a loopback address (127.0.0.1, in 6to4 form)'],
  ])('refuses %s, which carries a refused IPv4 address', (address, reason) => {
    expect(classifyAddress(address)).toBe(reason);
  });

  it.each(['2606:4700:4700::1111', '2a00:1450:4001:82a::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2001:4860::8888'])('allows public IPv6 %s', (address) => {
    expect(classifyAddress(address)).toBeUndefined();
  });

  it('refuses what is not an IP address', () => {
    expect(classifyAddress('example.com')).toBe('not an IP address');
    expect(classifyAddress('10.0.0.256')).toBe('not an IP address');
  });
});

describe('isHostAllowed', () => {
  const allow = ['data.internal', '127.0.0.1:8080', '[::1]:9000', ' Files.Example.org '];
  it.each([
    ['http://data.internal/x.csv', true],
    ['https://data.internal:8443/x.csv', true],
    ['http://127.0.0.1:8080/x', true],
    ['http://127.0.0.1:8081/x', false],
    ['http://127.0.0.1/x', false],
    ['http://[::1]:9000/x', true],
    ['http://[::1]:9001/x', false],
    ['https://files.example.org/a', true],
    ['http://data.internal.evil.com/x', false],
    ['http://localhost:8080/x', false],
  ])('%s → %s', (url, allowed) => {
    expect(isHostAllowed(new URL(url), allow)).toBe(allowed);
  });

  it('matches the default port when an entry names it', () => {
    expect(isHostAllowed(new URL('https://a.example/'), ['a.example:443'])).toBe(true);
    expect(isHostAllowed(new URL('http://a.example/'), ['a.example:443'])).toBe(false);
  });
});
