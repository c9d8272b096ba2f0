import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

let server;
let url;
beforeAll(async () => {
  ({ server } = createApp({ version: '1.0.0' }));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${server.address().port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const post = (body) => fetch(`${url}/api/items`, { method: 'POST', body: JSON.stringify(body) });

it('is healthy', async () => {
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
  expect((await res.json()).db.ok).toBe(true);
});

it('lists items', async () => {
  const res = await fetch(`${url}/api/items`);
  expect(res.status).toBe(200);
  expect((await res.json()).count).toBe(2);
});

it('creates an item', async () => {
  const res = await post({ name: 'cortado', price: 3 });
  expect(res.status).toBe(201);
  expect(await res.json()).toMatchObject({ name: 'cortado', price: 3 });
});

it('creates an item without a price at 0', async () => {
  const res = await post({ name: 'water' });
  expect(res.status).toBe(201);
  expect((await res.json()).price).toBe(0);
});

it('rejects an item without a name', async () => {
  expect((await post({ price: 3 })).status).toBe(422);
});
