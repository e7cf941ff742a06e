/**
 * A real CouchDB-protocol server for the sync tests and bench (issue #17): `pouchdb-server`
 * on 127.0.0.1, a random free port, its own temp directory and `-c` config (the default config
 * file is shared by every instance), CORS open to the extension's origin with credentials, an
 * admin (no admin party), the team database created by the admin (pouchdb-server crashes on a
 * non-admin PUT /db, #374), users in `_users` and the database restricted to them by
 * `_security`. Stop and start again keep the data (same directory, same port).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'node_modules', 'pouchdb-server', 'bin', 'pouchdb-server');

export interface CouchUser {
  name: string;
  password: string;
}

export interface CouchServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The team database's URL (what a rep types in Settings). */
  dbUrl: string;
  admin: CouchUser;
  /** Stops the process (the data stays on disk). */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
  /** As the admin: any request to the server (path from the root). */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Every document of the team database, as the admin reads it. */
  docs(): Promise<Array<Record<string, unknown>>>;
}

export interface CouchOptions {
  database?: string;
  /** Members of the database (created in `_users`). */
  members: CouchUser[];
  /** Users who exist but are not members. */
  others?: CouchUser[];
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export async function startCouch(options: CouchOptions): Promise<CouchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'etape-couch-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const database = options.database ?? 'team-sales';
  const admin: CouchUser = {
    name: 'admin',
    password: `admin-${Math.random().toString(36).slice(2)}`,
  };
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      admins: { [admin.name]: admin.password },
      httpd: { enable_cors: true },
      cors: {
        origins: '*',
        credentials: true,
        methods: 'GET, PUT, POST, HEAD, DELETE',
        headers: 'accept, authorization, content-type, origin, referer',
      },
      log: { level: 'error', file: join(dir, 'log.txt') },
    }),
  );
  let child: ChildProcess | undefined;
  const auth = `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}`;

  async function request(method: string, path: string, body?: unknown) {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        Authorization: auth,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    return { status: response.status, body: parsed };
  }

  async function start(): Promise<void> {
    child = spawn(
      process.execPath,
      [
        BIN,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '-d',
        dir,
        '-c',
        join(dir, 'config.json'),
      ],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const end = Date.now() + 30_000;
    for (;;) {
      try {
        const response = await fetch(`${origin}/`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      if (child.exitCode !== null || Date.now() > end)
        throw new Error(`pouchdb-server did not start: ${stderr.slice(0, 2000)}`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  }

  async function stop(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolveExit) => running.once('exit', resolveExit));
    running.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (running.exitCode === null) running.kill('SIGKILL');
  }

  await start();
  const dbPath = `/${encodeURIComponent(database)}`;
  const created = await request('PUT', dbPath);
  if (created.status >= 300) throw new Error(`creating the database: ${JSON.stringify(created)}`);
  for (const user of [...options.members, ...(options.others ?? [])]) {
    const made = await request('PUT', `/_users/org.couchdb.user:${encodeURIComponent(user.name)}`, {
      _id: `org.couchdb.user:${user.name}`,
      name: user.name,
      password: user.password,
      roles: [],
      type: 'user',
    });
    if (made.status >= 300) throw new Error(`creating user ${user.name}: ${JSON.stringify(made)}`);
  }
  const security = await request('PUT', `${dbPath}/_security`, {
    admins: { names: [], roles: [] },
    members: { names: options.members.map((user) => user.name), roles: [] },
  });
  if (security.status >= 300) throw new Error(`_security: ${JSON.stringify(security)}`);

  return {
    origin,
    dbUrl: `${origin}${dbPath}`,
    admin,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    request,
    async docs() {
      const all = await request('GET', `${dbPath}/_all_docs?include_docs=true`);
      const rows = (all.body as { rows?: Array<{ doc: Record<string, unknown> }> }).rows ?? [];
      return rows.map((row) => row.doc);
    },
  };
}
