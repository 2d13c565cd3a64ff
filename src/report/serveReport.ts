import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.gz': 'application/octet-stream',
  '.nii': 'application/octet-stream',
};

export interface ServedReport {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Serves a report folder on 127.0.0.1 only (never another interface): GET and HEAD of files below the folder,
 * nothing else. The volumes/ links the report made (to the CT and masks) are followed; a path that climbs out of
 * the folder ('..', encoded or not) is refused. Port 0 picks a free port.
 */
export async function serveReport(dir: string, port: number): Promise<ServedReport> {
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    void (async () => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      let rel: string;
      try {
        rel = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        res.writeHead(400).end('bad path');
        return;
      }
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(root, path.normalize(rel));
      if (rel.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) {
        res.writeHead(403).end('outside the report');
        return;
      }
      try {
        const st = await stat(file);
        if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
        res.writeHead(200, {
          'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Length': st.size,
          'Cache-Control': 'no-cache',
        });
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        createReadStream(file).on('error', () => res.destroy()).pipe(res);
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    server,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
