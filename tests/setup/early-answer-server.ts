import http from 'node:http';
import { keepSocketForAnswer, lingerAfterEarlyAnswer } from '../../serving/lingering-close';

/**
 * A child process for tests/integration/lingering-close.test.ts: `/early` answers 413 with `Connection: close`
 * on the body's first chunk, as an upload over the cap is refused; `/abandoned` destroys the request first, as
 * Remix's body stream does when its reader cancels it; any other path reads the body, then answers.
 * It runs apart from the test's process so that a client busy sending cannot hold the server back.
 */
const server = http.createServer((req, res) => {
  lingerAfterEarlyAnswer(req, res);
  keepSocketForAnswer(req, res);
  if (req.url === '/abandoned') {
    // As Remix's stream of an upload over the cap does: the reader destroys the request, then the refusal is sent.
    req.once('data', () => {
      req.destroy(new Error('The request body passed the cap.'));
      setImmediate(() => res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('The file is larger than the upload limit.'));
    });
  } else if (req.url === '/early') {
    req.once('data', () => {
      req.pause();
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('The file is larger than the upload limit.');
    });
  } else {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`read ${bytes} bytes`));
  }
});
server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
