import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveReport, type ServedReport } from '../../src/report/serveReport.js';
import { settle, startCli } from '../helpers/cli.js';

/** A raw GET (fetch would normalise '..' away before sending). */
function get(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving a report', () => {
  let dir: string;
  let served: ServedReport;
  beforeAll(async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lungflow-serve-'));
    dir = path.join(root, 'site');
    mkdirSync(path.join(dir, 'scans'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><p>cohort</p>');
    writeFileSync(path.join(dir, 'scans', 'a b.html'), 'scan');
    writeFileSync(path.join(root, 'secret.txt'), 'not for the web');
    served = await serveReport(dir, 0);
  });
  afterAll(() => served.close());

  it('listens on 127.0.0.1 only and serves the files below its folder', async () => {
    const address = served.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get(served.url, '/')).toEqual({ status: 200, body: '<!doctype html><p>cohort</p>' });
    expect((await get(served.url, '/scans/a%20b.html')).body).toBe('scan');
    expect((await get(served.url, '/nothing.html')).status).toBe(404);
  });

  it('refuses paths that climb out of the folder, encoded or not', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/scans/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const r = await get(served.url, p);
      expect(r.status, p).not.toBe(200);
      expect(r.body).not.toContain('not for the web');
    }
  });

  it('`lungflow report --serve` prints the URL and stops on Ctrl-C', async () => {
    const child = startCli(['report', '--out', dir, '--no-build', '--serve', '--port', '0']);
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(d.toString());
        if (m) resolve(m[0]);
      });
      child.on('close', (code) => reject(new Error(`exited ${code} before printing a URL`)));
    });
    expect((await get(url, '/index.html')).status).toBe(200);
    const done = settle(child);
    child.kill('SIGINT');
    expect((await done).code).toBe(0);
  });
});
