import { Readable } from 'node:stream';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { FoundPlan, PlanSource, PlanSourceReadError } from '../types';
import { planFromZip } from './planFromZip';

const DEFAULT_HOST = 'github.com';
const DEFAULT_PREFIX = 'terraform-plan-';
const DEFAULT_MAX_RUNS = 50;
const DEFAULT_MAX_PLAN_BYTES = 256 * 1024 * 1024;
/** Room for the zip's own headers around a plan of exactly `maxPlanBytes`, stored uncompressed. */
const ZIP_OVERHEAD_BYTES = 64 * 1024;
const API_TIMEOUT_MS = 30_000;
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
/** Workflow runs read at once, to enrich the plans kept. */
const RUN_CONCURRENCY = 4;

/** GitHub's rules: owners are alphanumerics and single hyphens (`_` for managed users), repositories also `.`. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9_]|-(?=[A-Za-z0-9_])){0,38}$/;
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;

/** "List artifacts for a repository" / "Get an artifact" (GitHub REST). */
interface GithubArtifact {
  id: number;
  name: string;
  size_in_bytes?: number;
  expired?: boolean;
  created_at?: string | null;
  workflow_run?: {
    id?: number;
    repository_id?: number;
    head_repository_id?: number;
    head_branch?: string | null;
    head_sha?: string;
  } | null;
}

/** "Get a workflow run" (GitHub REST), the fields read. */
interface GithubWorkflowRun {
  id: number;
  event?: string;
  status?: string | null;
  conclusion?: string | null;
  html_url?: string;
  head_branch?: string | null;
  head_sha?: string;
  display_title?: string;
  pull_requests?: Array<{
    number: number;
    base?: { repo?: { id?: number } };
  }> | null;
  actor?: { login?: string } | null;
  triggering_actor?: { login?: string } | null;
  repository?: { id?: number };
}

interface Settings {
  host: string;
  apiBaseUrl: string;
  htmlBaseUrl: string;
  artifactPrefix: string;
  maxRuns: number;
  maxPlanBytes: number;
  credentials: GithubCredentialsProvider;
}

interface Repository {
  owner: string;
  repo: string;
  slug: string;
}

export interface GithubArtifactsPlanSourceOptions {
  logger: LoggerService;
  /** Instead of `DefaultGithubCredentialsProvider` over `integrations.github`. */
  credentialsProvider?: GithubCredentialsProvider;
}

const isRedirect = (status: number) =>
  status === 301 ||
  status === 302 ||
  status === 303 ||
  status === 307 ||
  status === 308;

/** `rel="next"` of a `Link` header. */
function nextLink(link: string | null): string | undefined {
  for (const part of link?.split(',') ?? []) {
    const match = /<([^>]*)>\s*;\s*rel="?([^";]*)"?/.exec(part.trim());
    if (match && match[2].split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

/** A buffer of a response body, refused as soon as it passes `maxBytes`. */
async function readBounded(
  response: Response,
  maxBytes: number,
  describe: string,
): Promise<Buffer> {
  const tooLarge = () =>
    new PlanSourceReadError(
      `${describe} is larger than ${maxBytes} bytes (terraform.maxPlanBytes)`,
      'PlanTooLarge',
      413,
    );
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (response.body) {
    // Leaving the loop early cancels the download.
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge();
      chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    }
  }
  return Buffer.concat(chunks, total);
}

function describeError(error: unknown): string {
  const e = error as Error & { cause?: { message?: string; code?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}

/**
 * Plans that GitHub Actions workflows publish as artifacts `terraform-plan-<environment>` holding
 * `plan.json`, in the repository an entity names in `github.com/project-slug`. Only the
 * configured GitHub host is ever called, with the credentials of `integrations.github`; the
 * artifact download it redirects to is fetched without them.
 */
export class GithubArtifactsPlanSource implements PlanSource {
  readonly type = 'github' as const;

  static fromConfig(
    config: Config,
    options: GithubArtifactsPlanSourceOptions,
  ): GithubArtifactsPlanSource {
    const { logger } = options;
    const github = config.getOptionalConfig('terraform.github');
    const host = github?.getOptionalString('host') ?? DEFAULT_HOST;
    // ScmIntegrations always has a github.com entry (anonymous): only one written in the config
    // means someone gave the portal credentials for this host.
    const integrated = (
      config.getOptionalConfigArray('integrations.github') ?? []
    ).some(c => (c.getOptionalString('host') ?? DEFAULT_HOST) === host);
    if (!integrated) {
      if (github) {
        throw new Error(
          `terraform.github reads plan artifacts from ${host}, but integrations.github has no entry for host ${host}: add one with a token or a GitHub App that may read Actions artifacts`,
        );
      }
      return new GithubArtifactsPlanSource(undefined, logger);
    }
    const integration = ScmIntegrations.fromConfig(config).github.byHost(host);
    const apiBaseUrl = integration?.config.apiBaseUrl?.replace(/\/+$/, '');
    if (!apiBaseUrl) {
      throw new Error(
        `integrations.github for ${host} has no apiBaseUrl; terraform.github needs the REST API (e.g. https://${host}/api/v3)`,
      );
    }
    const artifactPrefix =
      github?.getOptionalString('artifactPrefix') ?? DEFAULT_PREFIX;
    if (!artifactPrefix) {
      throw new Error('terraform.github.artifactPrefix must not be empty');
    }
    const maxRuns = github?.getOptionalNumber('maxRuns') ?? DEFAULT_MAX_RUNS;
    if (!Number.isInteger(maxRuns) || maxRuns < 1) {
      throw new Error(
        `terraform.github.maxRuns must be a positive integer, not ${maxRuns}`,
      );
    }
    const maxPlanBytes =
      config.getOptionalNumber('terraform.maxPlanBytes') ??
      DEFAULT_MAX_PLAN_BYTES;
    return new GithubArtifactsPlanSource(
      {
        host,
        apiBaseUrl,
        htmlBaseUrl: `https://${host}`,
        artifactPrefix,
        maxRuns,
        maxPlanBytes,
        credentials:
          options.credentialsProvider ??
          DefaultGithubCredentialsProvider.fromIntegrations(
            ScmIntegrations.fromConfig(config),
          ),
      },
      logger,
    );
  }

  private constructor(
    private readonly settings: Settings | undefined,
    private readonly logger: LoggerService,
  ) {}

  validateTarget(target: string): void {
    this.repository(target);
  }

  async listPlans(target: string): Promise<FoundPlan[]> {
    const repository = this.repository(target);
    const settings = this.configured(repository);
    const headers = await this.headers(settings, repository);
    const { owner, repo, slug } = repository;
    const base = `${settings.apiBaseUrl}/repos/${encodeURIComponent(
      owner,
    )}/${encodeURIComponent(repo)}`;

    // Artifacts come newest first; reading stops after those of `maxRuns` workflow runs.
    const artifacts: GithubArtifact[] = [];
    const runsSeen = new Set<number>();
    let url: string | undefined = `${base}/actions/artifacts?per_page=100`;
    let full = false;
    while (url && !full) {
      const response = await this.api(settings, url, headers, {
        what: `the Actions artifacts of ${slug}`,
        notFound: `Repository ${slug} was not found on ${settings.host}, or the GitHub credentials may not read it`,
      });
      const page = (await response.json()) as { artifacts?: GithubArtifact[] };
      for (const artifact of page.artifacts ?? []) {
        const runId = artifact.workflow_run?.id;
        if (runId !== undefined && !runsSeen.has(runId)) {
          if (runsSeen.size >= settings.maxRuns) {
            full = true;
            break;
          }
          runsSeen.add(runId);
        }
        if (
          !artifact.expired &&
          artifact.name?.startsWith(settings.artifactPrefix) &&
          artifact.name.length > settings.artifactPrefix.length
        ) {
          artifacts.push(artifact);
        }
      }
      url = this.nextPage(settings, response, slug);
    }

    artifacts.sort((a, b) =>
      (b.created_at ?? '').localeCompare(a.created_at ?? ''),
    );
    // A first cut without the runs, by the branch the artifact names (with its repository: a
    // fork's `main` is not ours), so only the plans kept cost a request for their run.
    const candidates = keepFirst(artifacts, a => {
      const run = a.workflow_run;
      return `${a.name}|${run?.head_repository_id ?? ''}|${
        run?.head_branch ?? `artifact ${a.id}`
      }`;
    });
    const runIds = [
      ...new Set(
        candidates
          .map(a => a.workflow_run?.id)
          .filter((id): id is number => id !== undefined),
      ),
    ];
    const runs = new Map<number, GithubWorkflowRun>();
    await mapLimit(runIds, RUN_CONCURRENCY, async id => {
      const run = await this.workflowRun(settings, base, headers, slug, id);
      if (run) runs.set(id, run);
    });

    const found = candidates.map(artifact => ({
      headRepository: artifact.workflow_run?.head_repository_id ?? '',
      plan: this.toFoundPlan(settings, repository, artifact, runs),
    }));
    // The latest plan per environment and pull request (or branch, outside pull requests).
    return keepFirst(
      found,
      ({ headRepository, plan: p }) =>
        `${p.environment}|${
          p.pullRequest
            ? `pr ${p.pullRequest.number}`
            : `branch ${headRepository}|${p.branch ?? p.key}`
        }`,
    ).map(f => f.plan);
  }

  async fetchPlan(target: string, key: string): Promise<Readable> {
    const repository = this.repository(target);
    const settings = this.configured(repository);
    const { owner, repo, slug } = repository;
    const notFound = `No Terraform plan artifact ${key} in ${slug}`;
    // Artifact ids are numbers; anything else cannot be one of this repository's.
    if (!/^[1-9][0-9]{0,19}$/.test(key)) {
      throw new PlanSourceReadError(notFound, 'NotFound', 404);
    }
    const headers = await this.headers(settings, repository);
    // The repository is in the path: GitHub answers 404 for another repository's artifact.
    const artifactUrl = `${settings.apiBaseUrl}/repos/${encodeURIComponent(
      owner,
    )}/${encodeURIComponent(repo)}/actions/artifacts/${key}`;
    const artifact = (await (
      await this.api(settings, artifactUrl, headers, {
        what: `artifact ${key} of ${slug}`,
        notFound,
      })
    ).json()) as GithubArtifact;
    // Any artifact of the repository could be named in a plan id; only plan artifacts are read.
    if (!artifact.name?.startsWith(settings.artifactPrefix)) {
      throw new PlanSourceReadError(
        `${notFound}: artifact ${key} is ${JSON.stringify(
          artifact.name,
        )}, not a ${settings.artifactPrefix}<environment> artifact`,
        'NotFound',
        404,
      );
    }
    const describe = `Artifact ${artifact.name} (${key}) of ${slug}`;
    if (artifact.expired) {
      throw new PlanSourceReadError(`${describe} has expired`, 'NotFound', 410);
    }
    const maxZipBytes = settings.maxPlanBytes + ZIP_OVERHEAD_BYTES;
    if ((artifact.size_in_bytes ?? 0) > maxZipBytes) {
      throw new PlanSourceReadError(
        `${describe} is ${artifact.size_in_bytes} bytes, more than the ${settings.maxPlanBytes} allowed (terraform.maxPlanBytes)`,
        'PlanTooLarge',
        413,
      );
    }

    const zipUrl = `${artifactUrl}/zip`;
    const response = await this.api(settings, zipUrl, headers, {
      what: `the download of ${describe}`,
      notFound: `${describe} cannot be downloaded (expired or deleted)`,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
    });
    const download = isRedirect(response.status)
      ? await this.followDownload(settings, response, zipUrl, describe)
      : response;
    const zip = await readBounded(download, maxZipBytes, describe);
    return planFromZip(zip, { maxBytes: settings.maxPlanBytes, describe });
  }

  /**
   * GitHub answers a download with a short-lived signed URL of its blob storage. The host is
   * GitHub's choice, not the entity's; what must not go there is the GitHub token.
   */
  private async followDownload(
    settings: Settings,
    response: Response,
    from: string,
    describe: string,
  ): Promise<Response> {
    await response.body?.cancel();
    const location = response.headers.get('location');
    let to: URL | undefined;
    try {
      to = location ? new URL(location, from) : undefined;
    } catch {
      to = undefined;
    }
    const allowedProtocols = new Set([
      'https:',
      new URL(settings.apiBaseUrl).protocol,
    ]);
    if (!to || !allowedProtocols.has(to.protocol)) {
      throw new PlanSourceReadError(
        `GitHub ${settings.host} redirected the download of ${describe} to ${
          location ? 'an unusable location' : 'nowhere'
        }`,
        'UpstreamError',
        502,
      );
    }
    let download: Response;
    try {
      download = await fetch(to, {
        redirect: 'follow',
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      });
    } catch (error) {
      throw new PlanSourceReadError(
        `The download of ${describe} from ${to.host} failed: ${describeError(
          error,
        )}`,
        'Unavailable',
        503,
        { cause: error },
      );
    }
    if (!download.ok) {
      await download.body?.cancel();
      throw new PlanSourceReadError(
        `The download of ${describe} from ${to.host} answered ${download.status} ${download.statusText}`.trim(),
        download.status === 404 ? 'NotFound' : 'UpstreamError',
        download.status,
      );
    }
    return download;
  }

  private async workflowRun(
    settings: Settings,
    base: string,
    headers: Record<string, string>,
    slug: string,
    id: number,
  ): Promise<GithubWorkflowRun | undefined> {
    try {
      const response = await this.api(
        settings,
        `${base}/actions/runs/${id}`,
        headers,
        {
          what: `workflow run ${id} of ${slug}`,
          notFound: `Workflow run ${id} of ${slug} is gone`,
        },
      );
      return (await response.json()) as GithubWorkflowRun;
    } catch (error) {
      // A deleted run leaves its artifacts listed: the plan is still there, without the run.
      if (error instanceof PlanSourceReadError && error.code === 'NotFound') {
        this.logger.debug(error.message);
        return undefined;
      }
      throw error;
    }
  }

  private toFoundPlan(
    settings: Settings,
    { owner, repo }: Repository,
    artifact: GithubArtifact,
    runs: Map<number, GithubWorkflowRun>,
  ): FoundPlan {
    const listed = artifact.workflow_run ?? undefined;
    const run = listed?.id !== undefined ? runs.get(listed.id) : undefined;
    const repoUrl = `${settings.htmlBaseUrl}/${owner}/${repo}`;
    let runUrl: string | undefined;
    if (run?.html_url && /^https?:\/\//.test(run.html_url)) {
      runUrl = run.html_url;
    } else if (listed?.id !== undefined) {
      runUrl = `${repoUrl}/actions/runs/${listed.id}`;
    }
    // A pull request of this repository (a run may list those of other repositories on the
    // same branch).
    const pr = run?.pull_requests?.find(
      p =>
        p.base?.repo?.id === undefined ||
        run.repository?.id === undefined ||
        p.base.repo.id === run.repository.id,
    );
    const status =
      run?.status === 'completed'
        ? run.conclusion ?? run.status
        : run?.status ?? undefined;
    const triggeredBy = run?.triggering_actor?.login ?? run?.actor?.login;
    const commit = run?.head_sha ?? listed?.head_sha;
    return {
      key: String(artifact.id),
      environment: artifact.name.slice(settings.artifactPrefix.length),
      branch: run?.head_branch ?? listed?.head_branch ?? undefined,
      ...(pr && {
        pullRequest: {
          number: pr.number,
          url: `${repoUrl}/pull/${pr.number}`,
          ...(run?.event?.startsWith('pull_request') &&
            run.display_title && { title: run.display_title }),
        },
      }),
      ...(listed?.id !== undefined && {
        run: {
          id: String(listed.id),
          url: runUrl,
          ...(status && { status }),
          ...(triggeredBy && { triggeredBy }),
          ...(commit && { commit }),
        },
      }),
      ...(artifact.created_at && { createdAt: artifact.created_at }),
      url: runUrl ?? repoUrl,
    };
  }

  private repository(target: string): Repository {
    const parts = target.split('/');
    if (
      parts.length !== 2 ||
      !OWNER.test(parts[0]) ||
      !REPOSITORY.test(parts[1]) ||
      parts[1] === '.' ||
      parts[1] === '..'
    ) {
      throw new InputError(
        `Invalid GitHub repository ${JSON.stringify(
          target.slice(0, 200),
        )}: expected <owner>/<repository> in github.com/project-slug`,
      );
    }
    return { owner: parts[0], repo: parts[1], slug: target };
  }

  private configured(repository: Repository): Settings {
    if (!this.settings) {
      throw new PlanSourceReadError(
        `GitHub Actions plan artifacts of ${repository.slug} cannot be read: the portal has no terraform.github nor integrations.github configuration`,
        'NotConfigured',
      );
    }
    return this.settings;
  }

  private async headers(
    settings: Settings,
    { owner, repo, slug }: Repository,
  ): Promise<Record<string, string>> {
    try {
      const credentials = await settings.credentials.getCredentials({
        url: `${settings.htmlBaseUrl}/${owner}/${repo}`,
      });
      return credentials.headers ?? {};
    } catch (error) {
      throw new PlanSourceReadError(
        `No GitHub credentials for ${slug} on ${settings.host}: ${describeError(
          error,
        )}`,
        'Unauthorized',
        401,
        { cause: error },
      );
    }
  }

  /** The next page, only ever on the configured API. */
  private nextPage(
    settings: Settings,
    response: Response,
    slug: string,
  ): string | undefined {
    const next = nextLink(response.headers.get('link'));
    if (!next) return undefined;
    if (!next.startsWith(`${settings.apiBaseUrl}/`)) {
      throw new PlanSourceReadError(
        `GitHub ${settings.host} gave a next page of the artifacts of ${slug} outside its API (${settings.apiBaseUrl})`,
        'UpstreamError',
        502,
      );
    }
    return next;
  }

  private async api(
    settings: Settings,
    url: string,
    headers: Record<string, string>,
    context: { what: string; notFound: string; timeoutMs?: number },
  ): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          Accept: 'application/vnd.github+json',
          'X-GitHub-Api-Version': '2022-11-28',
          ...headers,
        },
        // Redirects are followed by hand, without the credentials.
        redirect: 'manual',
        signal: AbortSignal.timeout(context.timeoutMs ?? API_TIMEOUT_MS),
      });
    } catch (error) {
      throw new PlanSourceReadError(
        `GitHub ${settings.host} could not be reached for ${
          context.what
        }: ${describeError(error)}`,
        'Unavailable',
        503,
        { cause: error },
      );
    }
    if (response.ok || isRedirect(response.status)) return response;
    throw await githubError(response, settings.host, context);
  }
}

/** The first item of each key, in order. */
function keepFirst<T>(items: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter(item => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function githubError(
  response: Response,
  host: string,
  context: { what: string; notFound: string },
): Promise<PlanSourceReadError> {
  const { status, headers } = response;
  let message: string | undefined;
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body?.message === 'string') message = body.message.slice(0, 300);
  } catch {
    // Not GitHub's JSON error: the status says enough.
  }
  const detail = message ? ` (GitHub: ${message})` : '';
  const retryAfter = headers.get('retry-after');
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (
    status === 429 ||
    (status === 403 && (remaining === '0' || retryAfter !== null))
  ) {
    let when = 'retry later';
    if (retryAfter !== null && Number.isFinite(Number(retryAfter))) {
      const n = Number(retryAfter);
      when = `retry in ${n} second${n === 1 ? '' : 's'}`;
    } else if (reset > 0) {
      when = `the limit resets at ${new Date(reset * 1000).toISOString()}`;
    }
    return new PlanSourceReadError(
      `GitHub ${host} rate limit reached while reading ${context.what}; ${when}${detail}`,
      'RateLimited',
      status,
    );
  }
  if (status === 401) {
    return new PlanSourceReadError(
      `GitHub ${host} rejected the credentials of integrations.github while reading ${context.what} (401)${detail}`,
      'Unauthorized',
      401,
    );
  }
  if (status === 403) {
    return new PlanSourceReadError(
      `The GitHub credentials for ${host} may not read ${context.what} (403; they need Actions read access)${detail}`,
      'Forbidden',
      403,
    );
  }
  if (status === 404 || status === 410) {
    return new PlanSourceReadError(context.notFound, 'NotFound', status);
  }
  return new PlanSourceReadError(
    `GitHub ${host} answered ${status} ${response.statusText} while reading ${context.what}${detail}`.replace(
      / +/g,
      ' ',
    ),
    'UpstreamError',
    status,
  );
}
