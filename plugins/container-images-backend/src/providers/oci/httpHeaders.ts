/** The parts of HTTP headers the Distribution API uses, parsed without a dependency. */

/** A `WWW-Authenticate` challenge: the scheme (lower case) and its parameters. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses `Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull"`
 * (or `Basic realm="..."`). Only the first challenge is read: registries send one.
 */
export function parseAuthChallenge(
  header: string | null | undefined,
): AuthChallenge | undefined {
  const match = header?.trim().match(/^([A-Za-z][\w-]*)(?:\s+(.*))?$/s);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  // key=value or key="quoted, with \"escapes\"", separated by commas.
  const pattern =
    /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/gs;
  for (const m of (match[2] ?? '').matchAll(pattern)) {
    params[m[1].toLowerCase()] =
      m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return { scheme: match[1].toLowerCase(), params };
}

/** The target of the `rel="next"` link of a `Link` header, resolved against the request URL. */
export function nextLink(
  header: string | null | undefined,
  base: URL,
): URL | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = part.match(/^\s*<([^>]*)>(.*)$/s);
    if (!m) continue;
    const rels = m[2].match(/;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i);
    const rel = rels ? rels[1] ?? rels[2] : undefined;
    if (rel?.toLowerCase().split(/\s+/).includes('next')) {
      // Throws for a malformed target: better a clear error than silently missing pages.
      return new URL(m[1], base);
    }
  }
  return undefined;
}
