import http from 'node:http';
import { AddressInfo } from 'node:net';
import { PortalProcess } from '../PortalProcess';
import { ClusterScenario, FLUX_KINDS } from './fluxCases';

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server?: http.Server) {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>(resolve => server.close(() => resolve()));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise(resolve => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', c => {
      body += c;
    });
    req.on('end', () => resolve(body));
  });
}

const statusBody = (code: number, reason: string, message: string) =>
  JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason,
    message,
    code,
  });

/**
 * A Kubernetes API server that answers with exactly the bytes a scenario says, malformed or not
 * (plugins/flux-backend's FakeKubernetes models well-formed objects: it cannot serve an object
 * without metadata, a list that is not JSON, or a broken discovery document, which is the point
 * here). Clusters live at `/clusters/<name>`; anything not in the scenario is an empty list, so the
 * upstream Kubernetes backend's own queries are answered too.
 */
export class RawKubernetes {
  private server?: http.Server;
  private readonly scenarios = new Map<string, ClusterScenario>();
  baseUrl = '';
  /** Authorization headers seen, to prove the configured token is what clusters receive. */
  readonly authorizations = new Set<string>();

  constructor(
    scenarios: ClusterScenario[],
    private readonly options: { token?: string } = {},
  ) {
    for (const s of scenarios) this.scenarios.set(s.name, s);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      readBody(req).then(() => this.serve(req, res));
    });
    this.baseUrl = await listen(this.server);
    return this.baseUrl;
  }

  stop() {
    return close(this.server);
  }

  url(name: string) {
    return `${this.baseUrl}/clusters/${name}`;
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const m = /^\/clusters\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const scenario = m ? this.scenarios.get(m[1]) : undefined;
    const path = m?.[2] ?? '/';
    if (req.headers.authorization)
      this.authorizations.add(req.headers.authorization);
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    if (!scenario)
      return send(404, statusBody(404, 'NotFound', 'no such cluster'));
    if (
      this.options.token &&
      req.headers.authorization !== `Bearer ${this.options.token}`
    ) {
      return send(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    }
    if (path === '/apis' || path === '/apis/') {
      const custom = scenario.responses['/apis'];
      if (custom) return send(custom.status, custom.body);
      const groups = new Map<string, string[]>([['apps', ['v1']]]);
      for (const k of Object.values(FLUX_KINDS)) {
        groups.set(k.group, [
          ...new Set([...(groups.get(k.group) ?? []), k.version]),
        ]);
      }
      return send(
        200,
        JSON.stringify({
          kind: 'APIGroupList',
          apiVersion: 'v1',
          groups: [...groups].map(([name, versions]) => ({
            name,
            versions: versions.map(version => ({
              groupVersion: `${name}/${version}`,
              version,
            })),
            preferredVersion: {
              groupVersion: `${name}/${versions[0]}`,
              version: versions[0],
            },
          })),
        }),
      );
    }
    if (path === '/api' || path === '/api/') {
      return send(
        200,
        JSON.stringify({ kind: 'APIVersions', versions: ['v1'] }),
      );
    }
    if (path === '/version') {
      return send(
        200,
        JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.0-raw' }),
      );
    }
    const r =
      /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/[^/]+)?\/([^/]+)(?:\/([^/]+))?$/.exec(
        path,
      );
    if (!r)
      return send(
        404,
        statusBody(
          404,
          'NotFound',
          'the server could not find the requested resource',
        ),
      );
    const [, group = '', , plural, name] = r;
    const custom =
      scenario.responses[plural] ??
      (group === 'apps' || group === ''
        ? scenario.responses['apps/*']
        : undefined);
    if (name) {
      // A get: the object of that name in the scenario's list, if the list is a list.
      if (custom && custom.status === 200) {
        try {
          const found = (JSON.parse(custom.body).items ?? []).find(
            (o: any) => o?.metadata?.name === decodeURIComponent(name),
          );
          if (found) return send(200, JSON.stringify(found));
        } catch {
          return send(custom.status, custom.body);
        }
      } else if (custom) {
        return send(custom.status, custom.body);
      }
      return send(
        404,
        statusBody(404, 'NotFound', `${plural} "${name}" not found`),
      );
    }
    if (custom) return send(custom.status, custom.body);
    return send(
      200,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        metadata: {},
        items: [],
      }),
    );
  }
}

/**
 * GitHub's OAuth endpoints and user API as the auth backend's GitHub provider calls them when it
 * is configured with `enterpriseInstanceUrl`: any login signs in (the code is the login). The
 * portal's sign-in resolver then decides, as in production, from the catalog's User entities.
 */
export class FakeGithub {
  private server?: http.Server;
  baseUrl = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      readBody(req).then(body => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const json = (status: number, value: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        };
        if (
          req.method === 'POST' &&
          url.pathname === '/login/oauth/access_token'
        ) {
          const code = new URLSearchParams(body).get('code') ?? '';
          return json(200, {
            access_token: `gho_fake_${code}`,
            token_type: 'bearer',
            scope: 'read:user',
          });
        }
        if (url.pathname === '/api/v3/user') {
          const token = /^(?:Bearer|token) gho_fake_(.+)$/.exec(
            req.headers.authorization ?? '',
          )?.[1];
          if (!token) return json(401, { message: 'Bad credentials' });
          return json(200, {
            login: token,
            id: token.length * 1000 + 7,
            name: token,
            html_url: `https://github.example/${token}`,
          });
        }
        return json(404, { message: 'Not Found' });
      });
    });
    this.baseUrl = await listen(this.server);
    return this.baseUrl;
  }

  stop() {
    return close(this.server);
  }

  /** The auth provider config that sends the portal's GitHub sign-in here. */
  providerConfig(clientId: string, clientSecret: string) {
    return {
      production: {
        clientId,
        clientSecret,
        enterpriseInstanceUrl: this.baseUrl,
        signIn: { resolvers: [{ resolver: 'usernameMatchingUserEntityName' }] },
      },
    };
  }
}

/** The value a response sets for a cookie (the auth backend first clears it, then sets it). */
function cookie(res: Response, name: string): string | undefined {
  let value: string | undefined;
  for (const line of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (m?.[1]) value = m[1];
  }
  return value;
}

/**
 * Signs in through the GitHub provider's real OAuth flow (start → authorize → handler → refresh),
 * as the sign-in page does, against {@link FakeGithub}. Rejects when the portal refuses the user.
 */
export async function signInWithGithub(
  portal: PortalProcess,
  login: string,
): Promise<{
  token: string;
  userEntityRef: string;
  ownershipEntityRefs: string[];
}> {
  const start = await fetch(
    `${portal.baseUrl}/api/auth/github/start?env=production&scope=read%3Auser`,
    { redirect: 'manual' },
  );
  const location = start.headers.get('location');
  const nonce = cookie(start, 'github-nonce');
  if (start.status !== 302 || !location || !nonce) {
    throw new Error(
      `sign-in start answered ${start.status}: ${await start.text()}`,
    );
  }
  const authorize = new URL(location);
  const callback = new URL(authorize.searchParams.get('redirect_uri')!);
  callback.searchParams.set('code', login);
  callback.searchParams.set('state', authorize.searchParams.get('state')!);
  const handler = await fetch(callback, {
    redirect: 'manual',
    headers: { Cookie: `github-nonce=${nonce}` },
  });
  const page = await handler.text();
  const refreshToken = cookie(handler, 'github-refresh-token');
  if (!refreshToken) {
    throw new Error(
      `sign-in of ${login} refused (${handler.status}): ${page.slice(0, 2000)}`,
    );
  }
  // As the app does after the popup: a refresh with the session cookies (the refresh token and
  // the scopes granted) returns the Backstage token.
  const granted = cookie(handler, 'github-granted-scope');
  const refresh = await fetch(
    `${portal.baseUrl}/api/auth/github/refresh?env=production&optional&scope=read%3Auser`,
    {
      method: 'POST',
      headers: {
        'X-Requested-With': 'XMLHttpRequest',
        Cookie: [
          `github-refresh-token=${refreshToken}`,
          ...(granted ? [`github-granted-scope=${granted}`] : []),
        ].join('; '),
      },
    },
  );
  const body = await refresh.json();
  if (!refresh.ok) {
    throw new Error(
      `refresh of ${login} answered ${refresh.status}: ${JSON.stringify(body)}`,
    );
  }
  return {
    token: body.backstageIdentity.token,
    ...body.backstageIdentity.identity,
  };
}

/** What the handler page says when a sign-in is refused (its postMessage payload). */
export async function githubSignInAttempt(
  portal: PortalProcess,
  login: string,
): Promise<{ status: number; page: string; refreshCookie: boolean }> {
  const start = await fetch(
    `${portal.baseUrl}/api/auth/github/start?env=production&scope=read%3Auser`,
    { redirect: 'manual' },
  );
  const authorize = new URL(start.headers.get('location')!);
  const callback = new URL(authorize.searchParams.get('redirect_uri')!);
  callback.searchParams.set('code', login);
  callback.searchParams.set('state', authorize.searchParams.get('state')!);
  const handler = await fetch(callback, {
    redirect: 'manual',
    headers: { Cookie: `github-nonce=${cookie(start, 'github-nonce')}` },
  });
  return {
    status: handler.status,
    page: await handler.text(),
    refreshCookie: !!cookie(handler, 'github-refresh-token'),
  };
}
