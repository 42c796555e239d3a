/* global process */
// Child process for run.mjs: an API server on a fresh state dir, so the load
// generator does not share the server's event loop.
import { startApiServer } from '@argo-ts/local';

const server = await startApiServer({ stateDir: process.argv[2], podDeletionMode: 'immediate' });
process.send?.({ url: server.url });
process.on('message', async (m) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (m === 'stop') {
    await server.close();
    process.exit(0);
  }
});
