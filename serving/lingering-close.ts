import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** nginx's `lingering_time` and `lingering_timeout`. */
const LINGER_TOTAL_MS = 30_000;
const LINGER_IDLE_MS = 5_000;

/**
 * Some answers go out before the request body is read (413 for an upload over the cap, 400 for a bad
 * part): they say `Connection: close`, and Node then closes the socket as soon as the answer is written.
 * The client is usually still sending; bytes arriving at a closed socket make the kernel reset the
 * connection, and the reset can reach the client before it has read the answer, so it sees EPIPE or
 * ECONNRESET instead of the 413 and its message. As nginx's lingering close does, this sends the answer
 * and a FIN, then reads and drops the rest of the body for a bounded time before closing.
 * Call it for every request; it costs a listener and acts only on answers that leave the body unread.
 */
export function lingerAfterEarlyAnswer(req: IncomingMessage, res: ServerResponse) {
  // 'prefinish' comes before Node's own 'finish' handler, which closes the socket when the answer said
  // `Connection: close` (and only then: a kept-alive socket is left alone). Ours runs after it.
  res.once('prefinish', () => {
    if (req.complete || req.destroyed) return;
    const socket = req.socket;
    // An own property, for this answer only: deleting it brings back net.Socket's.
    const own = socket as unknown as { destroySoon?: () => void };
    own.destroySoon = () => linger(req, socket);
    res.once('finish', () => delete own.destroySoon);
  });
}

function linger(req: IncomingMessage, socket: Socket) {
  const close = () => socket.destroy();
  const deadline = setTimeout(close, LINGER_TOTAL_MS).unref();
  socket.setTimeout(LINGER_IDLE_MS, close);
  socket.once('close', () => clearTimeout(deadline));
  req.once('error', close);
  // The body is all read: close once the answer is all written (the socket's own destroySoon).
  req.once('end', () => (socket.writableFinished ? close() : socket.once('finish', close)));
  socket.end();
  req.resume();
}

/**
 * For requests whose body a reader may give up on by destroying the request: Remix cancels its stream of the
 * body when an upload passes the cap, and the stream's cancel calls `req.destroy()`. Node then destroys the
 * socket at once, so the answer that explains the refusal may never leave, or leave just before the reset that
 * loses it. Until the answer is sent, while the socket is still open, that destroy only detaches the reader and
 * pauses the body; the answer then goes out and lingerAfterEarlyAnswer drops the rest of the body. A socket no
 * longer writable (a client that went away) and any destroy after the answer are Node's usual destroy. The
 * prediction API reads its bodies itself and never destroys them, so it does without.
 */
export function keepSocketForAnswer(req: IncomingMessage, res: ServerResponse) {
  const own = req as unknown as { destroy?: (error?: Error) => IncomingMessage };
  own.destroy = (error) => {
    if (res.writableFinished || req.complete || !req.socket.writable) {
      delete own.destroy;
      return req.destroy(error);
    }
    req.removeAllListeners('data');
    req.pause();
    return req;
  };
  res.once('close', () => delete own.destroy);
}
