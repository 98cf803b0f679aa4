import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { PipelineGraph } from '../../engine/graph-types';

export type ReceivedRequest = { path: string; headers: IncomingHttpHeaders; body: string };

/**
 * A real HTTP server receiving webhooks. Each path answers with its scripted status codes in turn (the last
 * one repeats; 200 when unscripted), and every request is kept, so tests wait for what arrived.
 */
export async function startWebhookReceiver() {
  const received: ReceivedRequest[] = [];
  const scripts = new Map<string, number[]>();
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const script = scripts.get(path) ?? [];
      const status = script.length > 1 ? script.shift()! : (script[0] ?? 200);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      waiters.forEach((wake) => wake());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    /** Answers requests to `path` with these status codes in turn. */
    script: (path: string, statuses: number[]) => scripts.set(path, [...statuses]),
    /** Resolves with the requests to `path` once there are `n` of them. */
    waitFor: (path: string, n: number) =>
      new Promise<ReceivedRequest[]>((resolve) => {
        const check = () => {
          const hits = received.filter((r) => r.path === path);
          if (hits.length < n) return;
          waiters.delete(check);
          resolve(hits);
        };
        waiters.add(check);
        check();
      }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `text` is the decoded body (quoted-printable undone); `subject` the decoded Subject header. */
export type ReceivedMail = { from: string; to: string[]; raw: string; subject: string; text: string };

const decodeQuotedPrintable = (text: string, underscoreIsSpace = false) => {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const hex = soft[i] === '=' ? /^[0-9A-F]{2}$/i.exec(soft.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(underscoreIsSpace && soft[i] === '_' ? ' ' : soft[i]!));
  }
  return Buffer.from(bytes).toString('utf8');
};

function parseMail(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const subjectLine = /^Subject: (.*)$/im.exec(head)?.[1] ?? '';
  // RFC 2047 words (=?UTF-8?Q?…?=); the space between two adjacent words is not part of the text.
  const subject = subjectLine
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, word: string) => decodeQuotedPrintable(word, true));
  const text = /quoted-printable/i.test(head) ? decodeQuotedPrintable(body) : body;
  return { subject, text };
}

/** A real SMTP server (the `smtp-server` package) on a free port, keeping every message it accepts. */
export async function startSmtpServer() {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMail(raw),
        });
        waiters.forEach((wake) => wake());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Resolves with the messages to `address` once there are `n`. */
    waitFor: (address: string, n: number) =>
      new Promise<ReceivedMail[]>((resolve) => {
        const check = () => {
          const hits = messages.filter((m) => m.to.includes(address));
          if (hits.length < n) return;
          waiters.delete(check);
          resolve(hits);
        };
        waiters.add(check);
        check();
      }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Penguins into a Validate rule that some rows break, in fail-run mode: a run that fails in its second node. */
export const failingGraph: PipelineGraph = {
  nodes: [
    { id: 'dataset-1', type: 'dataset', version: 1, params: { dataset: { source: 'sample', name: 'penguins' } }, position: { x: 0, y: 0 } },
    {
      id: 'validate-1',
      type: 'validate',
      version: 1,
      params: { mode: 'fail-run', rules: [{ kind: 'range', column: 'Beak Length (mm)', min: 35, max: 55 }] },
      position: { x: 260, y: 0 },
    },
  ],
  edges: [{ id: 'e1', source: 'dataset-1', sourcePort: 'data', target: 'validate-1', targetPort: 'data' }],
};

/** One Dataset node: a run that succeeds at once. */
export const succeedingGraph: PipelineGraph = { nodes: [failingGraph.nodes[0]!], edges: [] };
