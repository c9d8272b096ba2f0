import { describe, expect, it } from 'vitest';
import { parseCommands, parseOutputFile } from '../src/harness';
import { freePort, startServer } from '../src/http-server';

describe('parseCommands', () => {
  it('reads commands, properties and messages, skipping plain log lines', () => {
    const stdout = [
      'plain log line',
      '::add-mask::s3cret',
      '::error title=smoke%3A health,file=a%2Cb.ts,line=3::status 503%0Aexpected 2xx',
      '::group::probes',
      '::endgroup::',
      ':: not a command',
      '::debug::100%25',
      '',
    ].join('\n');
    expect(parseCommands(stdout)).toEqual([
      { command: 'add-mask', properties: {}, message: 's3cret' },
      { command: 'error', properties: { title: 'smoke: health', file: 'a,b.ts', line: '3' }, message: 'status 503\nexpected 2xx' },
      { command: 'group', properties: {}, message: 'probes' },
      { command: 'endgroup', properties: {}, message: '' },
      { command: 'debug', properties: {}, message: '100%' },
    ]);
  });

  it('decodes each escape once, so escaped escapes stay text', () => {
    expect(parseCommands('::warning title=%253A%252C%250A::%250A%250D')).toEqual([
      { command: 'warning', properties: { title: '%3A%2C%0A' }, message: '%0A%0D' },
    ]);
  });

  it('keeps characters the runner does not split lines on (U+2028, a lone CR)', () => {
    expect(parseCommands('::notice::a\u2028b\rc\n::notice::d')).toEqual([
      { command: 'notice', properties: {}, message: 'a\u2028b\rc' },
      { command: 'notice', properties: {}, message: 'd' },
    ]);
  });

  it('obeys no command between stop-commands and its token, like the runner', () => {
    const stdout = ['::stop-commands::tok-1', '::error::not a command', '::add-mask::nope', '::tok-1::', '::notice::after'].join('\n');
    expect(parseCommands(stdout)).toEqual([{ command: 'notice', properties: {}, message: 'after' }]);
  });
});

describe('parseOutputFile', () => {
  it('reads heredoc and name=value outputs', () => {
    const text = 'a<<EOF\nline 1\nb=not an output\nEOF\nc=3\nd<<X\n\nX\n';
    expect(parseOutputFile(text)).toEqual({ a: 'line 1\nb=not an output', c: '3', d: '' });
  });
});

describe('startServer', () => {
  it('serves on loopback, records requests with their bodies, and closes', async () => {
    const server = await startServer((req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain' });
      res.end(`got ${req.body}`);
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/x?y=1`, { method: 'PUT', body: 'payload', headers: { 'x-test': '1' } });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('got payload');
    expect(server.requests).toMatchObject([{ method: 'PUT', url: '/x?y=1', body: 'payload', headers: { 'x-test': '1' } }]);
    await server.close();
    await expect(fetch(`${server.url}/`)).rejects.toThrow();
  });

  it('answers 500 with the error when a handler throws', async () => {
    const server = await startServer(() => {
      throw new Error('handler bug');
    });
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Error: handler bug');
    await server.close();
  });

  it('finds a port nothing listens on', async () => {
    const port = await freePort();
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});
