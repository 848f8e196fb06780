// The page's scripts, styles and the Web Chat bundle under fingerprinted names (`chat.3f9a1c2b.js`), so they
// are cached for a year and a new version is a new name; sent brotli- or gzip-compressed when the browser
// accepts it (Web Chat's 3.9 MB bundle is about 0.75 MB in brotli). Each file is read and compressed once,
// on first request, and kept in memory.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { RequestHandler } from 'express';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

export interface StaticFile {
  /** The name without fingerprint, e.g. `chat.js`. */
  name: string;
  file: string;
  contentType: string;
}

interface Entry {
  body: Buffer;
  contentType: string;
  encoded: Map<'br' | 'gzip', Promise<Buffer>>;
}

export interface StaticAssets {
  /** The fingerprinted URL of a file, under the mount path. */
  url(name: string): string;
  handler: RequestHandler;
}

export function createStaticAssets(mountPath: string, files: StaticFile[]): StaticAssets {
  const byUrlName = new Map<string, Entry>();
  const urls = new Map<string, string>();
  for (const f of files) {
    const body = readFileSync(f.file);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const dot = f.name.lastIndexOf('.');
    const fingerprinted = `${f.name.slice(0, dot)}.${hash}${f.name.slice(dot)}`;
    byUrlName.set(fingerprinted, { body, contentType: f.contentType, encoded: new Map() });
    urls.set(f.name, `${mountPath}/${fingerprinted}`);
  }

  const encode = (entry: Entry, encoding: 'br' | 'gzip'): Promise<Buffer> => {
    let pending = entry.encoded.get(encoding);
    if (!pending) {
      pending =
        encoding === 'br'
          ? brotli(entry.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length } })
          : gzip(entry.body, { level: 9 });
      entry.encoded.set(encoding, pending);
    }
    return pending;
  };

  const handler: RequestHandler = async (req, res, next) => {
    const entry = byUrlName.get(String(req.params['file'] ?? ''));
    if (!entry) return next();
    const accepts = String(req.get('accept-encoding') ?? '');
    const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : undefined;
    const body = encoding ? await encode(entry, encoding) : entry.body;
    res.setHeader('Content-Type', entry.contentType);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('Vary', 'Accept-Encoding');
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', String(body.length));
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  return {
    url: (name) => {
      const url = urls.get(name);
      if (!url) throw new Error(`no static asset ${name}`);
      return url;
    },
    handler,
  };
}
