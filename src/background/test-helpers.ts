/** A service over a fresh fake-indexeddb database, with a controllable clock. */
import type { ResponseMap } from '../shared/messages.ts';
import { openDb } from './db.ts';
import { createService } from './service.ts';

let counter = 0;

export function makeService(options: { now?: number; locale?: 'en' | 'fr' } = {}) {
  const clock = { now: options.now ?? Date.UTC(2026, 0, 5, 9) };
  const db = openDb(`etape-test-${++counter}-${Math.random()}`);
  const events: Array<{ what: string; prospectIds: string[] }> = [];
  let ids = 0;
  const service = createService({
    db,
    now: () => clock.now,
    locale: options.locale ?? 'en',
    newId: () => `p${++ids}`,
    notify: (event) => events.push(event),
  });
  return { db, service, store: service.store, clock, events };
}

/** Every record of every store, for "nothing was written" assertions. */
export async function snapshot(db: ReturnType<typeof openDb>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) out[table.name] = await table.toArray();
  return out;
}

/** Sends one raw message through the service's boundary and returns its data, or throws its error. */
export async function call<T extends keyof ResponseMap>(
  service: ReturnType<typeof makeService>['service'],
  message: { type: T } & Record<string, unknown>,
): Promise<ResponseMap[T]> {
  const reply = await service.handle(message);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.data as ResponseMap[T];
}
