import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.ts';
import { anonymous } from './policy.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.webmanifest']);

type Asset = { body: Buffer; gzip: Buffer | null; type: string; immutable: boolean };

/** Loads the built web app into memory once (it is small), with gzip copies for slow connections. */
function loadAssets(dist: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const ext = path.extname(entry.name);
        const body = fs.readFileSync(full);
        const rel = `/${path.relative(dist, full).split(path.sep).join('/')}`;
        assets.set(rel, {
          body,
          gzip: COMPRESSIBLE.has(ext) && body.length > 512 ? gzipSync(body, { level: 9 }) : null,
          type: TYPES[ext] ?? 'application/octet-stream',
          immutable: rel.startsWith('/assets/'),
        });
      }
    }
  };
  walk(dist);
  return assets;
}

/**
 * Serves the single-page app from its build folder: hashed assets cached for a year, every other path gets
 * index.html so client-side routes work. Does nothing when the app has not been built (API-only mode).
 */
export function registerWebApp(app: FastifyInstance, dist: string): boolean {
  if (!fs.existsSync(path.join(dist, 'index.html'))) return false;
  const assets = loadAssets(dist);
  const index = assets.get('/index.html')!;
  app.route({
    method: 'GET',
    url: '/*',
    config: { policy: anonymous('web-app', 'Anyone: the static web application holds no data.') },
    handler: async (req, reply) => {
      const urlPath = req.url.split('?')[0] ?? '/';
      // /public/* are server-rendered pages (public-site/); an unknown one is a 404, never the app.
      if (urlPath.startsWith('/api/') || urlPath.startsWith('/public/'))
        throw new DomainError('not_found', 'There is nothing at this address.');
      const asset = assets.get(decodeURIComponent(urlPath)) ?? (path.extname(urlPath) ? undefined : index);
      if (!asset) throw new DomainError('not_found', 'There is nothing at this address.');
      reply.header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      reply.header('vary', 'accept-encoding');
      reply.type(asset.type);
      if (asset.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        reply.header('content-encoding', 'gzip');
        return reply.send(asset.gzip);
      }
      return reply.send(asset.body);
    },
  });
  return true;
}
