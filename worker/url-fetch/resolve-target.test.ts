import { describe, expect, it } from 'vitest';
import { DEFAULT_URL_FETCH_SETTINGS } from './settings';
import { checkUrl, pinnedLookup, resolveTargets } from './resolve-target';

const settings = DEFAULT_URL_FETCH_SETTINGS;
const signal = new AbortController().signal;

describe('checkUrl', () => {
  it('accepts http and https', () => {
    expect(checkUrl('https://example.com/a.csv').host).toBe('example.com');
    expect(checkUrl('http://example.com:8080/a.csv').port).toBe('8080');
  });

  it.each([
    ['not a url', '"not a url" is not a URL. Enter a full address starting with https:// or http://.'],
    ['file:///etc/passwd', 'Only http and https URLs can be fetched; file:///etc/passwd uses file. Use an http(s) address.'],
    ['gopher://example.com/', 'uses gopher'],
    ['https://user:secret@example.com/a.csv', 'https://example.com/a.csv carries a user name or password.'],
  ])('refuses %s', (url, message) => {
    expect(() => checkUrl(url)).toThrow(message);
  });

  it('never repeats a password in its message', () => {
    expect(() => checkUrl('https://user:hunter2@example.com/')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});

describe('resolveTargets', () => {
  it('refuses address literals in any spelling the URL parser normalizes', async () => {
    // WHATWG URL turns 0x7f.1 and 2130706433 into 127.0.0.1 before we look.
    for (const url of ['http://127.0.0.1/', 'http://0x7f.1/', 'http://2130706433/', 'http://[::ffff:127.0.0.1]/', 'http://[::1]:8080/']) {
      await expect(resolveTargets(new URL(url), settings, signal), url).rejects.toThrow('loopback address');
    }
    await expect(resolveTargets(new URL('http://169.254.169.254/latest/meta-data/'), settings, signal)).rejects.toThrow(
      'http://169.254.169.254/latest/meta-data/ points to 169.254.169.254, the cloud metadata address. Fetch does not read from inside the server\'s own network; if this source is trusted, ask your admin to add "169.254.169.254" to FETCH_ALLOW_HOSTS.',
    );
  });

  it('checks what a name resolves to, and lets an allowlisted host:port through', async () => {
    await expect(resolveTargets(new URL('http://localhost:9000/'), settings, signal)).rejects.toThrow(/the host localhost resolves to .*a loopback address/);
    const targets = await resolveTargets(new URL('http://localhost:9000/'), { ...settings, allowHosts: ['localhost:9000'] }, signal);
    expect(targets.map((t) => t.address)).toContain('127.0.0.1');
    await expect(resolveTargets(new URL('http://localhost:9001/'), { ...settings, allowHosts: ['localhost:9000'] }, signal)).rejects.toThrow('FETCH_ALLOW_HOSTS');
  });

  it('refuses a name with any refused address among its records, naming that address', async () => {
    const records = async () => [{ address: '93.184.215.14', family: 4 }, { address: '10.0.0.5', family: 4 }];
    await expect(resolveTargets(new URL('https://data.example.com/a.csv'), settings, signal, records)).rejects.toThrow(
      'https://data.example.com/a.csv: the host data.example.com resolves to 10.0.0.5, a private address. Fetch does not read from inside the server\'s own network; if this source is trusted, ask your admin to add "data.example.com" to FETCH_ALLOW_HOSTS.',
    );
    const publicOnly = async () => [{ address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }];
    expect(await resolveTargets(new URL('https://data.example.com/'), settings, signal, publicOnly)).toEqual([{ address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }]);
  });

  it('names the host when DNS fails, and gives up at the deadline when DNS hangs', async () => {
    const notFound = () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    await expect(resolveTargets(new URL('https://nope.example/a.csv'), settings, signal, notFound)).rejects.toThrow(
      'Could not find the host "nope.example" of https://nope.example/a.csv (DNS lookup failed: ENOTFOUND). Check the spelling of the address, or try again if the name server is down.',
    );
    const hung = () => new Promise<never>(() => {});
    const deadline = AbortSignal.timeout(50);
    await expect(resolveTargets(new URL('https://slow-dns.example/'), settings, deadline, hung)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('passes a public literal without DNS', async () => {
    expect(await resolveTargets(new URL('https://93.184.215.14/'), settings, signal)).toEqual([{ address: '93.184.215.14', family: 4 }]);
    expect(await resolveTargets(new URL('https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/'), settings, signal)).toEqual([{ address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }]);
  });
});

describe('pinnedLookup', () => {
  it('answers every name with the checked address, in both callback shapes', () => {
    const lookup = pinnedLookup({ address: '93.184.215.14', family: 4 });
    const one: unknown[] = [];
    lookup('rebound.example', { all: false }, (...args) => one.push(...args));
    expect(one).toEqual([null, '93.184.215.14', 4]);
    const all: unknown[] = [];
    lookup('rebound.example', { all: true }, (...args) => all.push(...args));
    expect(all).toEqual([null, [{ address: '93.184.215.14', family: 4 }]]);
  });
});
