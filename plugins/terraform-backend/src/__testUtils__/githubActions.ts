/**
 * GitHub Actions at the HTTP layer, for msw, from the documented REST shapes: "List artifacts for
 * a repository" (paginated with `Link`, `/repositories/{id}/…` next links as GitHub writes them),
 * "Get an artifact", "Download an artifact" (302 to a signed blob storage URL, 410 once expired),
 * "Get a workflow run"; bearer tokens, 401 "Bad credentials", and rate limits (primary: 403 with
 * `x-ratelimit-remaining: 0`; secondary: 429 / 403 with `retry-after`).
 *
 * ```ts
 * const github = new GithubActionsSimulator({ token: 'ghp_test' });
 * const run = github.addRun('acme/infra', { event: 'pull_request', headBranch: 'feat', pullRequest: 7 });
 * github.addArtifact('acme/infra', { name: 'terraform-plan-dev', run, zip: buildZip([{ name: 'plan.json', data }]) });
 * server.use(...github.handlers());
 * ```
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { http, HttpResponse, JsonBodyType } from 'msw';

/** One file of {@link buildZip}. */
export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** `deflate` (what upload-artifact writes) or `store`. @defaultValue deflate */
  method?: 'deflate' | 'store';
  /** Write this uncompressed size in the headers instead of the true one (a lying zip bomb). */
  declaredSize?: number;
}

/**
 * A real zip archive (PKWARE APPNOTE 4.3: local headers, central directory, end record), small
 * enough to read: `yazl` is not a dependency, and tests must give yauzl true archives.
 */
export function buildZip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  // 2026-01-01 00:00 in MS-DOS time.
  const dosTime = 0;
  const dosDate = ((2026 - 1980) << 9) | (1 << 5) | 1;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.isBuffer(entry.data)
      ? entry.data
      : Buffer.from(entry.data, 'utf8');
    const method = entry.method === 'store' ? 0 : 8;
    const body = method === 8 ? zlib.deflateRawSync(data) : data;
    const crc = zlib.crc32(data) >>> 0;
    const size = entry.declaredSize ?? data.length;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra length
    parts.push(local, name, body);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // version made by
    header.writeUInt16LE(20, 6); // version needed
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(dosTime, 12);
    header.writeUInt16LE(dosDate, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal attributes: 0
    header.writeUInt32LE(0, 38); // external attributes
    header.writeUInt32LE(offset, 42);
    central.push(header, name);

    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

export interface SimulatedRun {
  id: number;
  repository: string;
  event: string;
  status: string;
  conclusion: string | null;
  headBranch: string;
  headSha: string;
  headRepositoryId: number;
  displayTitle: string;
  pullRequests: number[];
  actor: string;
  triggeringActor: string;
  createdAt: string;
}

export interface SimulatedArtifact {
  id: number;
  repository: string;
  name: string;
  run?: SimulatedRun;
  zip: Buffer;
  expired: boolean;
  createdAt: string;
}

/** One request the simulator saw. */
export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | null;
}

export interface GithubActionsSimulatorOptions {
  /** @defaultValue https://api.github.com */
  apiBaseUrl?: string;
  /** @defaultValue https://github.com */
  htmlBaseUrl?: string;
  /** Where downloads are redirected. @defaultValue https://productionresultssa7.blob.core.windows.net */
  storageBaseUrl?: string;
  /** The only token accepted; without one, every request is anonymous and accepted. */
  token?: string;
  /** GitHub's page size limit (100); lower it to see pagination with few artifacts. */
  maxPerPage?: number;
}

let ids = 4_000_000;

/** An in-memory GitHub holding repositories, workflow runs and artifacts. */
export class GithubActionsSimulator {
  readonly apiBaseUrl: string;
  readonly htmlBaseUrl: string;
  readonly storageBaseUrl: string;
  readonly requests: SeenRequest[] = [];
  /** Every API request is answered like this while set (rate limits, outages). */
  failure?: {
    status: number;
    headers?: Record<string, string>;
    body?: JsonBodyType;
  };

  private readonly repositories = new Map<string, number>();
  private readonly runs = new Map<number, SimulatedRun>();
  private readonly artifacts: SimulatedArtifact[] = [];
  /** Signed download paths handed out, to the artifact they serve. */
  private readonly downloads = new Map<string, SimulatedArtifact>();

  constructor(private readonly options: GithubActionsSimulatorOptions = {}) {
    this.apiBaseUrl = options.apiBaseUrl ?? 'https://api.github.com';
    this.htmlBaseUrl = options.htmlBaseUrl ?? 'https://github.com';
    this.storageBaseUrl =
      options.storageBaseUrl ??
      'https://productionresultssa7.blob.core.windows.net';
  }

  addRepository(slug: string): number {
    let id = this.repositories.get(slug);
    if (id === undefined) {
      id = ++ids;
      this.repositories.set(slug, id);
    }
    return id;
  }

  addRun(
    repository: string,
    run: Partial<Omit<SimulatedRun, 'id' | 'repository'>> = {},
  ): SimulatedRun {
    const repositoryId = this.addRepository(repository);
    const created: SimulatedRun = {
      id: ++ids,
      repository,
      event: run.event ?? 'push',
      status: run.status ?? 'completed',
      conclusion: run.conclusion === undefined ? 'success' : run.conclusion,
      headBranch: run.headBranch ?? 'main',
      headSha: run.headSha ?? crypto.randomBytes(20).toString('hex'),
      headRepositoryId: run.headRepositoryId ?? repositoryId,
      displayTitle: run.displayTitle ?? 'terraform plan',
      pullRequests: run.pullRequests ?? [],
      actor: run.actor ?? 'octocat',
      triggeringActor: run.triggeringActor ?? run.actor ?? 'octocat',
      createdAt: run.createdAt ?? new Date(Date.UTC(2026, 0, 1)).toISOString(),
    };
    this.runs.set(created.id, created);
    return created;
  }

  /** Artifacts are listed newest first, like GitHub does. */
  addArtifact(
    repository: string,
    artifact: {
      name: string;
      run?: SimulatedRun;
      zip: Buffer;
      expired?: boolean;
      createdAt?: string;
    },
  ): SimulatedArtifact {
    this.addRepository(repository);
    const created: SimulatedArtifact = {
      id: ++ids,
      repository,
      name: artifact.name,
      run: artifact.run,
      zip: artifact.zip,
      expired: artifact.expired ?? false,
      createdAt:
        artifact.createdAt ??
        artifact.run?.createdAt ??
        new Date(Date.UTC(2026, 0, 1)).toISOString(),
    };
    this.artifacts.push(created);
    return created;
  }

  /** Hosts the simulator answers for. */
  get hosts(): string[] {
    return [new URL(this.apiBaseUrl).host, new URL(this.storageBaseUrl).host];
  }

  handlers() {
    const api = this.apiBaseUrl;
    return [
      http.get(
        `${api}/repos/:owner/:repo/actions/artifacts`,
        ({ request, params }) =>
          this.guard(request, () =>
            this.listArtifacts(request, `${params.owner}/${params.repo}`),
          ),
      ),
      // Where GitHub's `Link` next pages point.
      http.get(
        `${api}/repositories/:id/actions/artifacts`,
        ({ request, params }) =>
          this.guard(request, () => {
            const slug = [...this.repositories].find(
              ([, id]) => String(id) === params.id,
            )?.[0];
            return slug
              ? this.listArtifacts(request, slug)
              : this.notFound(
                  'repos/artifacts#list-artifacts-for-a-repository',
                );
          }),
      ),
      http.get(
        `${api}/repos/:owner/:repo/actions/artifacts/:id`,
        ({ request, params }) =>
          this.guard(request, () => {
            const artifact = this.artifact(
              `${params.owner}/${params.repo}`,
              params.id as string,
            );
            return artifact
              ? HttpResponse.json(this.artifactJson(artifact))
              : this.notFound('actions/artifacts#get-an-artifact');
          }),
      ),
      http.get(
        `${api}/repos/:owner/:repo/actions/artifacts/:id/:format`,
        ({ request, params }) =>
          this.guard(request, () => {
            const artifact = this.artifact(
              `${params.owner}/${params.repo}`,
              params.id as string,
            );
            if (!artifact || params.format !== 'zip') {
              return this.notFound('actions/artifacts#download-an-artifact');
            }
            if (artifact.expired) {
              return HttpResponse.json(
                {
                  message: 'Artifact has expired',
                  documentation_url:
                    'https://docs.github.com/rest/actions/artifacts#download-an-artifact',
                  status: '410',
                },
                { status: 410 },
              );
            }
            const path = `/actions-results/${crypto.randomUUID()}/workflow-job-run-${
              artifact.run?.id ?? 0
            }/artifacts/${crypto.randomBytes(32).toString('hex')}.zip`;
            this.downloads.set(path, artifact);
            const signed = new URL(path, this.storageBaseUrl);
            signed.searchParams.set(
              'rscd',
              `attachment; filename="${artifact.name}.zip"`,
            );
            signed.searchParams.set('se', '2026-01-01T00:10:00Z');
            signed.searchParams.set(
              'sig',
              crypto.randomBytes(16).toString('base64'),
            );
            signed.searchParams.set('sp', 'r');
            signed.searchParams.set('spr', 'https');
            signed.searchParams.set('sr', 'b');
            signed.searchParams.set('sv', '2025-01-05');
            return new HttpResponse(null, {
              status: 302,
              headers: { Location: signed.toString() },
            });
          }),
      ),
      http.get(
        `${api}/repos/:owner/:repo/actions/runs/:id`,
        ({ request, params }) =>
          this.guard(request, () => {
            const run = this.runs.get(Number(params.id));
            return run && run.repository === `${params.owner}/${params.repo}`
              ? HttpResponse.json(this.runJson(run))
              : this.notFound('actions/workflow-runs#get-a-workflow-run');
          }),
      ),
      http.get(`${this.storageBaseUrl}/actions-results/*`, ({ request }) => {
        this.record(request);
        const artifact = this.downloads.get(new URL(request.url).pathname);
        if (!artifact) {
          return new HttpResponse(
            '<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>',
            { status: 404, headers: { 'Content-Type': 'application/xml' } },
          );
        }
        return new HttpResponse(new Uint8Array(artifact.zip), {
          headers: {
            'Content-Type': 'zip',
            'Content-Length': String(artifact.zip.length),
          },
        });
      }),
    ];
  }

  private record(request: Request) {
    this.requests.push({
      method: request.method,
      url: request.url,
      authorization: request.headers.get('authorization'),
    });
  }

  private guard(request: Request, respond: () => Response): Response {
    this.record(request);
    if (this.failure) {
      return HttpResponse.json(this.failure.body ?? {}, {
        status: this.failure.status,
        headers: this.failure.headers,
      });
    }
    const token = this.options.token;
    if (token) {
      const authorization = request.headers.get('authorization') ?? '';
      if (
        authorization !== `Bearer ${token}` &&
        authorization !== `token ${token}`
      ) {
        return HttpResponse.json(
          {
            message: 'Bad credentials',
            documentation_url: 'https://docs.github.com/rest',
            status: '401',
          },
          { status: 401 },
        );
      }
    }
    return respond();
  }

  private notFound(doc: string): Response {
    return HttpResponse.json(
      {
        message: 'Not Found',
        documentation_url: `https://docs.github.com/rest/${doc}`,
        status: '404',
      },
      { status: 404 },
    );
  }

  private artifact(slug: string, id: string): SimulatedArtifact | undefined {
    return this.artifacts.find(
      a => String(a.id) === id && a.repository === slug,
    );
  }

  private listArtifacts(request: Request, slug: string): Response {
    if (!this.repositories.has(slug)) {
      return this.notFound('actions/artifacts#list-artifacts-for-a-repository');
    }
    const url = new URL(request.url);
    const perPage = Math.min(
      Number(url.searchParams.get('per_page') ?? 30) || 30,
      this.options.maxPerPage ?? 100,
      100,
    );
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const name = url.searchParams.get('name');
    const all = this.artifacts
      .filter(a => a.repository === slug && (!name || a.name === name))
      .sort((a, b) => b.id - a.id);
    const items = all.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number, rel: string) => {
      const next = new URL(
        `${this.apiBaseUrl}/repositories/${this.repositories.get(
          slug,
        )}/actions/artifacts`,
      );
      next.searchParams.set('per_page', String(perPage));
      if (name) next.searchParams.set('name', name);
      next.searchParams.set('page', String(p));
      return `<${next}>; rel="${rel}"`;
    };
    const links = [
      ...(page > 1 ? [link(page - 1, 'prev')] : []),
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first')] : []),
    ];
    return HttpResponse.json(
      {
        total_count: all.length,
        artifacts: items.map(a => this.artifactJson(a)),
      },
      { headers: links.length ? { Link: links.join(', ') } : {} },
    );
  }

  private artifactJson(a: SimulatedArtifact) {
    const [owner, repo] = a.repository.split('/');
    const url = `${this.apiBaseUrl}/repos/${owner}/${repo}/actions/artifacts/${a.id}`;
    const expires = new Date(Date.parse(a.createdAt) + 90 * 86_400_000);
    return {
      id: a.id,
      node_id: Buffer.from(`Artifact${a.id}`).toString('base64'),
      name: a.name,
      size_in_bytes: a.zip.length,
      url,
      archive_download_url: `${url}/zip`,
      expired: a.expired,
      digest: `sha256:${crypto
        .createHash('sha256')
        .update(a.zip)
        .digest('hex')}`,
      created_at: a.createdAt,
      updated_at: a.createdAt,
      expires_at: expires.toISOString(),
      workflow_run: a.run
        ? {
            id: a.run.id,
            repository_id: this.repositories.get(a.repository),
            head_repository_id: a.run.headRepositoryId,
            head_branch: a.run.headBranch,
            head_sha: a.run.headSha,
          }
        : null,
    };
  }

  private runJson(run: SimulatedRun) {
    const [owner, repo] = run.repository.split('/');
    const repositoryId = this.repositories.get(run.repository)!;
    const repository = {
      id: repositoryId,
      name: repo,
      full_name: run.repository,
      owner: { login: owner },
      html_url: `${this.htmlBaseUrl}/${run.repository}`,
      url: `${this.apiBaseUrl}/repos/${run.repository}`,
    };
    const user = (login: string) => ({
      login,
      id: 583231,
      type: 'User',
      html_url: `${this.htmlBaseUrl}/${login}`,
    });
    const api = `${this.apiBaseUrl}/repos/${owner}/${repo}/actions/runs/${run.id}`;
    return {
      id: run.id,
      name: 'terraform',
      node_id: Buffer.from(`WorkflowRun${run.id}`).toString('base64'),
      head_branch: run.headBranch,
      head_sha: run.headSha,
      path: '.github/workflows/terraform.yml',
      display_title: run.displayTitle,
      run_number: run.id % 1000,
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: 161335,
      check_suite_id: run.id + 1,
      url: api,
      html_url: `${this.htmlBaseUrl}/${owner}/${repo}/actions/runs/${run.id}`,
      pull_requests: run.pullRequests.map(number => ({
        url: `${this.apiBaseUrl}/repos/${owner}/${repo}/pulls/${number}`,
        id: number * 1000,
        number,
        head: {
          ref: run.headBranch,
          sha: run.headSha,
          repo: { id: run.headRepositoryId, url: repository.url, name: repo },
        },
        base: {
          ref: 'main',
          sha: '0'.repeat(40),
          repo: { id: repositoryId, url: repository.url, name: repo },
        },
      })),
      created_at: run.createdAt,
      updated_at: run.createdAt,
      actor: user(run.actor),
      triggering_actor: user(run.triggeringActor),
      run_attempt: 1,
      run_started_at: run.createdAt,
      jobs_url: `${api}/jobs`,
      logs_url: `${api}/logs`,
      artifacts_url: `${api}/artifacts`,
      workflow_url: `${this.apiBaseUrl}/repos/${owner}/${repo}/actions/workflows/161335`,
      repository,
      head_repository:
        run.headRepositoryId === repositoryId
          ? repository
          : { ...repository, id: run.headRepositoryId },
    };
  }
}
