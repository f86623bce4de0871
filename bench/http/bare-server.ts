// The ceiling: a bare Fastify server answering the same two routes as Corridor, with no authentication, no
// database and no hooks. Prints `listening on <url>` once it accepts connections.
import Fastify from 'fastify';
import { fixedUserRecord } from './fixture.ts';

const app = Fastify({ logger: false });
const user = fixedUserRecord();

app.get('/api/health', async () => ({ status: 'ok' }));
app.get<{ Params: { id: string } }>('/api/users/:id', async () => user);

const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
process.stdout.write(`listening on ${address}\n`);

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
