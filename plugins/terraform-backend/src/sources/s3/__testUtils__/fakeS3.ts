/**
 * msw handlers that answer like the Amazon S3 REST API, path-style, at one endpoint
 * (`http://s3.fake.local/<bucket>/<key>`), for the three calls the plan source makes:
 *
 * - `GET /<bucket>?list-type=2&prefix=&continuation-token=&max-keys=` → ListObjectsV2: XML
 *   `<ListBucketResult>` with `<Contents>`, `<KeyCount>`, `<IsTruncated>` and
 *   `<NextContinuationToken>`; keys in lexicographic order, as S3 lists them.
 * - `HEAD /<bucket>/<key>` → HeadObject: `Content-Length`, `Last-Modified`, `ETag` and each
 *   metadata entry as `x-amz-meta-<name>`; a missing key is a bare 404 (HEAD has no body).
 * - `GET /<bucket>/<key>` → GetObject: the body.
 * - errors: the status and `<Error><Code>…</Code><Message>…</Message></Error>`, as S3 sends them
 *   (`NoSuchBucket` 404, `NoSuchKey` 404, `AccessDenied` 403, `SlowDown` 503).
 *
 * Requests for another host are left unhandled (msw then fails them): a request the source
 * sends anywhere else is visible. Use with `registerMswTestHooks(setupServer())`.
 */
import { http, HttpHandler, HttpResponse } from 'msw';

export const FAKE_S3_ENDPOINT = 'http://s3.fake.local';

export interface FakeS3Object {
  key: string;
  body?: string;
  /** `x-amz-meta-*`, without the prefix. */
  metadata?: Record<string, string>;
}

export interface FakeS3Options {
  buckets: Record<string, FakeS3Object[]>;
  /** Keys per ListObjectsV2 page (S3's own is 1000). @defaultValue 1000 */
  pageSize?: number;
  /** Buckets whose every call answers 403 AccessDenied. */
  denied?: string[];
  /** Buckets whose every call answers 503 SlowDown. */
  slowDown?: string[];
  /** Keys whose HeadObject answers 403 (a policy that allows GetObject only). */
  headDenied?: string[];
  /** Keys ListObjectsV2 still lists but HeadObject and GetObject no longer find. */
  deletedAfterListing?: string[];
}

export interface FakeS3Request {
  method: string;
  operation: 'ListObjectsV2' | 'HeadObject' | 'GetObject';
  bucket: string;
  key?: string;
  prefix?: string;
  continuationToken?: string;
  /** From the SigV4 `Authorization` header. */
  accessKeyId?: string;
  /** From the SigV4 credential scope. */
  signingRegion?: string;
}

const xmlEscape = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

function errorResponse(status: number, code: string, message: string) {
  return new HttpResponse(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(
      message,
    )}</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>fake-host-id</HostId></Error>`,
    {
      status,
      headers: {
        'content-type': 'application/xml',
        'x-amz-request-id': '4442587FB7D0A2F9',
      },
    },
  );
}

const etagOf = (body: string) => {
  let h = 0;
  for (const c of body) h = (h * 33 + c.charCodeAt(0)) >>> 0;
  return `"${h.toString(16).padStart(8, '0').repeat(4)}"`;
};

export function createFakeS3(options: FakeS3Options): {
  handlers: HttpHandler[];
  requests: FakeS3Request[];
} {
  const requests: FakeS3Request[] = [];
  const pageSize = options.pageSize ?? 1000;
  const lastModified = new Date('2025-11-20T12:00:00Z');

  const handler = http.all(`${FAKE_S3_ENDPOINT}/*`, ({ request }) => {
    const url = new URL(request.url);
    const [bucket, ...keyParts] = url.pathname.slice(1).split('/');
    const key = keyParts.length
      ? keyParts.map(decodeURIComponent).join('/')
      : undefined;
    const auth = request.headers.get('authorization') ?? '';
    const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\/s3\//.exec(auth);
    const isList = !key && url.searchParams.get('list-type') === '2';
    let operation: FakeS3Request['operation'] = 'GetObject';
    if (isList) operation = 'ListObjectsV2';
    else if (request.method === 'HEAD') operation = 'HeadObject';
    requests.push({
      method: request.method,
      operation,
      bucket: decodeURIComponent(bucket),
      ...(key ? { key } : {}),
      ...(isList
        ? {
            prefix: url.searchParams.get('prefix') ?? undefined,
            continuationToken:
              url.searchParams.get('continuation-token') ?? undefined,
          }
        : {}),
      accessKeyId: credential?.[1],
      signingRegion: credential?.[2],
    });

    if (options.denied?.includes(bucket)) {
      return request.method === 'HEAD'
        ? new HttpResponse(null, { status: 403 })
        : errorResponse(403, 'AccessDenied', 'Access Denied');
    }
    if (options.slowDown?.includes(bucket)) {
      return request.method === 'HEAD'
        ? new HttpResponse(null, { status: 503 })
        : errorResponse(503, 'SlowDown', 'Please reduce your request rate.');
    }
    const objects = options.buckets[bucket];
    if (!objects) {
      return request.method === 'HEAD'
        ? new HttpResponse(null, { status: 404 })
        : errorResponse(
            404,
            'NoSuchBucket',
            'The specified bucket does not exist',
          );
    }

    if (isList) {
      const prefix = url.searchParams.get('prefix') ?? '';
      const token = url.searchParams.get('continuation-token');
      const maxKeys = Math.min(
        Number(url.searchParams.get('max-keys') ?? 1000),
        pageSize,
      );
      const matching = objects
        .filter(o => o.key.startsWith(prefix))
        // S3 lists keys in UTF-8 binary order.
        .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
      const start = token
        ? Number(Buffer.from(token, 'base64').toString('utf8'))
        : 0;
      const page = matching.slice(start, start + maxKeys);
      const truncated = start + maxKeys < matching.length;
      const next = Buffer.from(String(start + maxKeys)).toString('base64');
      const contents = page
        .map(
          o =>
            `<Contents><Key>${xmlEscape(
              o.key,
            )}</Key><LastModified>${lastModified.toISOString()}</LastModified><ETag>${xmlEscape(
              etagOf(o.body ?? ''),
            )}</ETag><Size>${Buffer.byteLength(
              o.body ?? '',
            )}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join('');
      return new HttpResponse(
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(
          bucket,
        )}</Name><Prefix>${xmlEscape(prefix)}</Prefix>${
          token
            ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>`
            : ''
        }<KeyCount>${
          page.length
        }</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${
          truncated
            ? `<NextContinuationToken>${next}</NextContinuationToken>`
            : ''
        }${contents}</ListBucketResult>`,
        { status: 200, headers: { 'content-type': 'application/xml' } },
      );
    }

    const object = options.deletedAfterListing?.includes(key ?? '')
      ? undefined
      : objects.find(o => o.key === key);
    if (request.method === 'HEAD') {
      if (key && options.headDenied?.includes(key)) {
        return new HttpResponse(null, { status: 403 });
      }
      if (!object) return new HttpResponse(null, { status: 404 });
      const body = object.body ?? '';
      return new HttpResponse(null, {
        status: 200,
        headers: {
          'content-length': String(Buffer.byteLength(body)),
          'content-type': 'application/json',
          'last-modified': lastModified.toUTCString(),
          etag: etagOf(body),
          ...Object.fromEntries(
            Object.entries(object.metadata ?? {}).map(([k, v]) => [
              `x-amz-meta-${k}`,
              v,
            ]),
          ),
        },
      });
    }
    if (request.method === 'GET') {
      if (!object) {
        return errorResponse(
          404,
          'NoSuchKey',
          'The specified key does not exist.',
        );
      }
      const body = object.body ?? '';
      return new HttpResponse(body, {
        status: 200,
        headers: {
          'content-length': String(Buffer.byteLength(body)),
          'content-type': 'application/json',
          'last-modified': lastModified.toUTCString(),
          etag: etagOf(body),
        },
      });
    }
    return errorResponse(
      405,
      'MethodNotAllowed',
      'The specified method is not allowed',
    );
  });

  return { handlers: [handler], requests };
}
