import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NC_SH } from './nc.js';
import { installShims } from './install.js';

let dir: string;
let script: string;
const children: ChildProcess[] = [];
const servers: Server[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'argo-ts-nc-'));
  script = join(dir, 'nc');
  writeFileSync(script, NC_SH);
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of servers.splice(0)) s.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> }

function nc(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Run {
  const child = spawn('/bin/sh', [script, ...args], { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
  if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, out, err }));
  });
  return { child, done };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Connects (retrying while the listener starts), sends `send`, half-closes and returns what came back. */
async function exchange(host: string, port: number, send: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<string>((resolve, reject) => {
        const sock: Socket = connect({ host, port });
        let got = '';
        sock.on('connect', () => sock.end(send));
        sock.on('data', (b: Buffer) => { got += b.toString(); });
        sock.on('error', reject);
        sock.on('close', () => resolve(got));
      });
    } catch (e) {
      if (attempt > 100) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A node TCP server that replies `reply` and records what it received. */
async function replyServer(reply: string): Promise<{ port: number; received: Promise<string> }> {
  let resolveReceived: (s: string) => void = () => undefined;
  const received = new Promise<string>((r) => { resolveReceived = r; });
  const srv = createServer((sock) => {
    let got = '';
    sock.on('data', (b: Buffer) => { got += b.toString(); });
    sock.on('end', () => { resolveReceived(got); sock.end(reply); });
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as AddressInfo).port, received };
}

describe('nc shim: listen', () => {
  it('-l -p PORT sends stdin to the first connection and copies what it receives to stdout', async () => {
    const port = await freePort();
    const listener = nc(['-l', '-p', String(port)], { stdin: 'from-listener' });
    expect(await exchange('127.0.0.1', port, 'from-client')).toBe('from-listener');
    expect(await listener.done).toMatchObject({ code: 0, out: 'from-client' });
  });

  it('-lk -p PORT -e PROG serves every connection with PROG (busybox form)', async () => {
    const port = await freePort();
    const listener = nc(['-lk', '-p', String(port), '-e', '/bin/cat']);
    expect(await exchange('127.0.0.1', port, 'one')).toBe('one');
    expect(await exchange('127.0.0.1', port, 'two')).toBe('two');
    expect(listener.child.exitCode).toBeNull();
  });

  it('-l PORT (positional) with -e PROG ARGS passes the arguments to PROG', async () => {
    const port = await freePort();
    const listener = nc(['-l', String(port), '-e', '/bin/echo', 'hi', 'there']);
    expect(await exchange('127.0.0.1', port, '')).toBe('hi there\n');
    expect((await listener.done).code).toBe(0);
  });

  it('binds ARGO_TS_POD_IP, so two pods can listen on the same port', async () => {
    const port = await freePort();
    nc(['-lk', '-p', String(port), '-e', '/bin/echo', 'pod-a'], { env: { ARGO_TS_POD_IP: '127.0.77.1' } });
    nc(['-lk', '-p', String(port), '-e', '/bin/echo', 'pod-b'], { env: { ARGO_TS_POD_IP: '127.0.77.2' } });
    expect(await exchange('127.0.77.1', port, '')).toBe('pod-a\n');
    expect(await exchange('127.0.77.2', port, '')).toBe('pod-b\n');
  });

  it('fails with one line when the port is taken', async () => {
    const { port } = await replyServer('');
    const r = await nc(['-l', '-p', String(port), '-s', '127.0.0.1']).done;
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^nc: bind 127\\.0\\.0\\.1:${port}: Address already in use\\n$`));
  });
});

describe('nc shim: client', () => {
  it('HOST PORT sends stdin, half-closes and prints the reply', async () => {
    const srv = await replyServer('pong');
    const r = await nc(['127.0.0.1', String(srv.port)], { stdin: 'ping' }).done;
    expect(r).toMatchObject({ code: 0, out: 'pong' });
    expect(await srv.received).toBe('ping');
  });

  it('-z reports an open port with 0 and a closed one with 1', async () => {
    const srv = await replyServer('');
    expect((await nc(['-z', '127.0.0.1', String(srv.port)]).done).code).toBe(0);
    const closed = await freePort();
    expect(await nc(['-z', '-w', '1', '127.0.0.1', String(closed)]).done).toMatchObject({ code: 1, out: '', err: '' });
    const verbose = await nc(['-zv', '127.0.0.1', String(closed)]).done;
    expect(verbose.code).toBe(1);
    expect(verbose.err).toContain('Connection refused');
  });

  it('rejects unsupported options and missing operands clearly', async () => {
    expect(await nc(['-X', 'h', '1']).done).toMatchObject({ code: 1, err: 'nc: unsupported option -X (argo-ts shim)\n' });
    expect((await nc(['127.0.0.1']).done).err).toMatch(/^nc: usage: /);
    expect(await nc(['127.0.0.1', 'http']).done).toMatchObject({ code: 1, err: "nc: bad port 'http'\n" });
  });
});

describe('nc shim: installation', () => {
  it('is installed exactly when no sandbox-visible nc exists', () => {
    const hostNc = ['/usr/local/bin', '/usr/local/sbin', '/usr/bin', '/usr/sbin', '/usr/games'].some((d) => existsSync(join(d, 'nc')));
    const bin = join(dir, 'bin');
    expect(installShims(bin).includes('nc')).toBe(!hostNc);
    expect(existsSync(join(bin, 'nc'))).toBe(!hostNc);
  });
});
