import http from 'node:http';
import { acceptBalancedConnections } from '../../serving/connection-balancer';

/**
 * A serving process for serving/connection-balancer.test.ts: it takes connections from the test's
 * balancer and answers every request with its pid, so the test sees which process holds a connection.
 */
// Short timeouts, so the test sees a client that never finishes its headers dropped within a second.
const server = http.createServer({ connectionsCheckingInterval: 100, headersTimeout: 500, requestTimeout: 1000 }, (_req, res) => {
  const pid = String(process.pid);
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': pid.length }).end(pid);
});
server.keepAliveTimeout = 60_000;
acceptBalancedConnections(server);
