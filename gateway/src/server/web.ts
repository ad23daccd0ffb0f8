import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** web/dist, the web client's production build (`npm run build` makes it). */
export function webDist(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'web', 'package.json'))) return path.join(dir, 'web', 'dist');
  }
  return path.resolve('web/dist');
}

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json']);

/** Gzipped bodies, made once per file version. */
const gzipped = new Map<string, { mtimeMs: number; body: Buffer }>();

function gzipOf(file: string): Buffer {
  const { mtimeMs } = statSync(file);
  const cached = gzipped.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.body;
  const body = gzipSync(readFileSync(file), { level: 9 });
  gzipped.set(file, { mtimeMs, body });
  return body;
}

/**
 * Serves the web client at `/`: its files (hashed assets cached for a year), and index.html for
 * any other page a browser asks for, so views in the URL survive a reload.
 */
export function serveWeb(dist: string) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const file = path.join(dist, path.normalize(urlPath).replace(/^([/\\])+/, ''));
    const isFile = file.startsWith(dist + path.sep) && existsSync(file) && statSync(file).isFile();
    const wantsPage = (req.headers.accept ?? '').includes('text/html');
    if (!isFile && !wantsPage) return false;
    const target = isFile ? file : path.join(dist, 'index.html');
    if (!existsSync(target)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The web client is not built: run `npm run build`.');
      return true;
    }
    const immutable = isFile && urlPath.startsWith('/assets/');
    const gzip = COMPRESSIBLE.has(path.extname(target)) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? gzipOf(target) : readFileSync(target);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      'content-length': body.length,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
