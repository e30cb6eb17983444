// GET /stats on a Hocuspocus server, for the bench: how many documents it holds in memory.
export const stats = {
  async onRequest({ request, response, instance }) {
    if (request.url !== '/stats') return;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ rooms: instance.getDocumentsCount() }));
    // An empty rejection tells Hocuspocus the request was answered.
    throw null;
  },
};
