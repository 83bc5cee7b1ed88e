#!/usr/bin/env node
// Tiny static file server for the demo and the browser tests (no dependencies).
//
// CLI:     node scripts/serve.mjs [--root www] [--port 8080|0] [--host 127.0.0.1] [--mount /pkg=pkg]...
//          Prints one line `serving <root> on http://127.0.0.1:<port>/` once listening
//          (port 0 = pick a free port; read the URL from that first stdout line).
// Library: import { startServer } from '../../scripts/serve.mjs';
//          const srv = await startServer({ root: 'www', port: 0 });  // { url, port, close() }
// Relative paths are resolved against the repository root, not the current directory.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Starts a static server. `mounts` maps URL prefixes to directories, e.g. { '/pkg': 'pkg' };
 * everything else is served from `root`. Resolves to { url, port, server, close() }.
 */
export async function startServer({ root = 'www', port = 0, host = '127.0.0.1', mounts = {}, log = false } = {}) {
  const rootDir = path.resolve(REPO_ROOT, root);
  const mountList = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix.replace(/\/+$/, ''), path.resolve(REPO_ROOT, dir)])
    .sort((a, b) => b[0].length - a[0].length);

  const server = http.createServer(async (req, res) => {
    const send = (code, body) => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
      let urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let base = rootDir;
      for (const [prefix, dir] of mountList) {
        if (urlPath === prefix || urlPath.startsWith(prefix + '/')) {
          base = dir;
          urlPath = urlPath.slice(prefix.length) || '/';
          break;
        }
      }
      let file = path.join(base, urlPath);
      if (file !== base && !file.startsWith(base + path.sep)) return send(403, 'forbidden\n');
      let st = await stat(file).catch(() => null);
      if (st?.isDirectory()) {
        if (!urlPath.endsWith('/')) {
          res.writeHead(301, { location: req.url.replace(/^([^?]*)/, '$1/') });
          return res.end();
        }
        file = path.join(file, 'index.html');
        st = await stat(file).catch(() => null);
      }
      if (!st?.isFile()) {
        if (log) console.log(`404 ${req.url}`);
        return send(404, `not found: ${urlPath}\n`);
      }
      res.writeHead(200, {
        'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': st.size,
        'cache-control': 'no-store',
      });
      if (log) console.log(`200 ${req.url}`);
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch (err) {
      send(500, `${err?.message ?? err}\n`);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  const url = `http://${host}:${actualPort}/`;
  return {
    url,
    port: actualPort,
    server,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

function parseArgs(argv) {
  const opts = { root: 'www', port: 8080, host: '127.0.0.1', mounts: {}, log: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--root') opts.root = next();
    else if (a === '--port') opts.port = Number(next());
    else if (a === '--host') opts.host = next();
    else if (a === '--mount') {
      const [prefix, dir] = next().split('=');
      if (!prefix?.startsWith('/') || !dir) throw new Error('--mount wants /prefix=dir');
      opts.mounts[prefix] = dir;
    } else if (a === '--log') opts.log = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const srv = await startServer(opts);
  console.log(`serving ${path.relative(REPO_ROOT, path.resolve(REPO_ROOT, opts.root)) || '.'} on ${srv.url}`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
