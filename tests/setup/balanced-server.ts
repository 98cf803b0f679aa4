import http from 'node:http';
import { acceptBalancedConnections } from '../../serving/connection-balancer';

/**
 * A serving process for serving/connection-balancer.test.ts: it takes connections from the test's
 * balancer and answers every request with its pid, so the test sees which process holds a connection.
 */
const server = http.createServer((_req, res) => {
  const pid = String(process.pid);
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': pid.length }).end(pid);
});
server.keepAliveTimeout = 60_000;
acceptBalancedConnections(server);
