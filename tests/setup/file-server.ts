import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * A local HTTP server (127.0.0.1 only) serving what Fetch nodes meet in the wild: a file with an ETag,
 * one with Last-Modified, slow, endless and lying bodies, a gzip bomb, redirect chains and loops, and a
 * redirect into a refused address. Counts requests per path, and conditional ones apart.
 */
export async function startFileServer() {
  const hits = new Map<string, { all: number; conditional: number }>();
  let csv = 'id,name,score\n1,ada,3.5\n2,bob,4\n3,cy,\n';
  const json = JSON.stringify([{ x: 1, kind: 'a' }, { x: 2, kind: 'b' }]);
  const lastModified = new Date('2026-01-02T03:04:05Z').toUTCString();
  // 64 MB of text that gzips to about 64 KB.
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x61));

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const count = hits.get(url.pathname) ?? { all: 0, conditional: 0 };
    count.all++;
    if (req.headers['if-none-match'] || req.headers['if-modified-since']) count.conditional++;
    hits.set(url.pathname, count);
    const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
    if (hop) return redirect(res, Number(hop[1]) > 1 ? `/hop/${Number(hop[1]) - 1}` : '/data.csv'); // /hop/n: n redirects
    switch (url.pathname) {
      case '/data.csv': {
        const etag = `"${createHash('sha1').update(csv).digest('hex')}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        return void res.writeHead(200, { 'content-type': 'text/csv', etag }).end(csv);
      }
      case '/data': // no extension, no content type: the first byte decides
      case '/records.json':
        if (req.headers['if-modified-since'] === lastModified) return void res.writeHead(304).end();
        return void res.writeHead(200, { 'last-modified': lastModified, ...(url.pathname === '/data' ? {} : { 'content-type': 'application/json' }) }).end(json);
      case '/slow.csv':
        res.writeHead(200, { 'content-type': 'text/csv' });
        return void res.write('id,name\n'); // and never another byte
      case '/endless.csv':
        res.writeHead(200, { 'content-type': 'text/csv' });
        return writeForever(res);
      case '/declared-huge.csv':
        res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(10 * 1024 ** 3) });
        return void res.write('id\n');
      case '/bomb.csv':
        return void res.writeHead(200, { 'content-type': 'text/csv', 'content-encoding': 'gzip', 'content-length': bomb.length }).end(bomb);
      case '/gzipped.csv':
        return void res.writeHead(200, { 'content-type': 'text/csv', 'content-encoding': 'gzip' }).end(gzipSync(csv));
      case '/loop':
        return redirect(res, '/loop');
      case '/to-private':
        return redirect(res, `http://127.0.0.2:${port()}/data.csv`);
      case '/to-ftp':
        return redirect(res, 'ftp://files.example.com/data.csv');
      case '/zips.csv': // a numeric-looking text column, and '?' for a missing rating
        return void res.writeHead(200, { 'content-type': 'text/csv' }).end('zip,city,rating\n02134,Boston,?\n10001,New York,4\n');
      case '/bad.csv':
        return void res.writeHead(200, { 'content-type': 'text/csv' }).end('a,a\n1,2\n');
      default:
        return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as AddressInfo).port;

  return {
    origin: `http://127.0.0.1:${port()}`,
    host: `127.0.0.1:${port()}`,
    hits: (pathname: string) => ({ ...(hits.get(pathname) ?? { all: 0, conditional: 0 }) }),
    /** Replaces the body of /data.csv (its ETag follows). */
    setCsv(text: string) {
      csv = text;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function redirect(res: http.ServerResponse, location: string) {
  res.writeHead(302, { location }).end();
}

/** Rows until the client hangs up, respecting back-pressure. */
function writeForever(res: http.ServerResponse) {
  const chunk = Buffer.from('1234567890,abcdefghij\n'.repeat(3000));
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.once('close', () => res.removeAllListeners('drain'));
  pump();
}
