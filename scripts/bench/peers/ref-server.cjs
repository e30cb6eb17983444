// The reference y-websocket server (2.x), in memory, as `npx y-websocket` runs it:
// its own connection utilities behind a plain ws server. It adds one thing only,
// GET /stats, so the bench can count the documents it holds.
const http = require('node:http');
const { WebSocketServer } = require('ws');
const { setupWSConnection, docs } = require('y-websocket/bin/utils');

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT);

const sockets = new WebSocketServer({ noServer: true });
sockets.on('connection', setupWSConnection);

const server = http.createServer((request, response) => {
  if (request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ rooms: docs.size }));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
  sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
});
server.listen(port, host, () => process.stdout.write(`ref listening on ${host}:${port}\n`));

const stop = () => {
  for (const client of sockets.clients) client.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
