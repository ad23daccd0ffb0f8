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

interface Body {
  mtimeMs: number;
  raw: Buffer;
  /** made on the first request that accepts gzip */
  gzip?: Buffer;
}

/**
 * Serves the web client at `/`: its files (hashed assets cached for a year, compressible ones
 * gzipped when the browser accepts it), and index.html for any other page a browser asks for, so
 * views in the URL survive a reload. Files are read once per version (a rebuild changes mtime).
 */
export function serveWeb(dist: string) {
  const bodies = new Map<string, Body>();
  const bodyOf = (file: string, mtimeMs: number): Body => {
    let body = bodies.get(file);
    if (body?.mtimeMs !== mtimeMs) bodies.set(file, (body = { mtimeMs, raw: readFileSync(file) }));
    return body;
  };
  const fileStat = (file: string) => {
    const stat = file.startsWith(dist + path.sep) ? statSync(file, { throwIfNoEntry: false }) : undefined;
    return stat?.isFile() ? stat : undefined;
  };

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const asked = path.join(dist, path.normalize(urlPath).replace(/^([/\\])+/, ''));
    const askedStat = fileStat(asked);
    if (!askedStat && !(req.headers.accept ?? '').includes('text/html')) return false;
    const target = askedStat ? asked : path.join(dist, 'index.html');
    const stat = askedStat ?? fileStat(target);
    if (!stat) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The web client is not built: run `npm run build`.');
      return true;
    }
    const body = bodyOf(target, stat.mtimeMs);
    const gzip = COMPRESSIBLE.has(path.extname(target)) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) body.gzip ??= gzipSync(body.raw, { level: 9 });
    const bytes = gzip ? body.gzip! : body.raw;
    res.writeHead(200, {
      'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
      'cache-control': askedStat && urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      'content-length': bytes.length,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : bytes);
    return true;
  };
}
