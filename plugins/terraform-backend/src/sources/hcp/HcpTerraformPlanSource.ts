import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PlanCounts } from '@platform-portal/plugin-terraform-common';
import { FoundPlan, PlanSource, PlanSourceReadError } from '../types';

const DEFAULT_BASE_URL = 'https://app.terraform.io';
const DEFAULT_MAX_RUNS = 20;
const DEFAULT_MAX_PLAN_BYTES = 256 * 1024 * 1024;
/** HCP Terraform's largest page. */
const MAX_PAGE_SIZE = 100;
const API_TIMEOUT_MS = 30_000;
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
const JSON_API = 'application/vnd.api+json';

/** HCP Terraform's rules for organization and workspace names. */
const NAME = /^[A-Za-z0-9_-]{1,90}$/;
const RUN_ID = /^run-[A-Za-z0-9]{1,64}$/;
const PLAN_ID = /^plan-[A-Za-z0-9]{1,64}$/;

/** Suffixes and tags people name environments by, and what the portal calls them. */
const ENVIRONMENTS: Record<string, string> = {
  dev: 'dev',
  development: 'dev',
  test: 'test',
  qa: 'qa',
  uat: 'uat',
  stage: 'staging',
  staging: 'staging',
  prod: 'production',
  production: 'production',
};

/** A JSON:API resource (the fields read). */
interface Resource {
  id: string;
  type: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<
    string,
    { data?: { id: string; type: string } | null } | undefined
  >;
}

interface Document {
  data?: Resource | Resource[];
  included?: Resource[];
  meta?: { pagination?: { 'next-page'?: number | null } };
}

interface Settings {
  baseUrl: string;
  token: string;
  maxRuns: number;
  maxPlanBytes: number;
}

interface Workspace {
  organization: string;
  name: string;
  slug: string;
}

export interface HcpTerraformPlanSourceOptions {
  logger: LoggerService;
}

const isRedirect = (status: number) =>
  status === 301 ||
  status === 302 ||
  status === 303 ||
  status === 307 ||
  status === 308;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** A link people may follow: only http(s), never `javascript:` from a VCS payload. */
const webUrl = (value: unknown): string | undefined => {
  const url = str(value);
  return url && /^https?:\/\//i.test(url) ? url : undefined;
};

function describeError(error: unknown): string {
  const e = error as Error & { cause?: { message?: string; code?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}

/** The environment of a workspace: an `env:<name>` tag, its name's suffix, or a plain tag. */
export function environmentOf(
  workspaceName: string,
  tagNames: string[],
): string | undefined {
  for (const tag of tagNames) {
    const match = /^(?:env|environment)[:=](.+)$/i.exec(tag);
    if (match) {
      const value = match[1].toLowerCase();
      return ENVIRONMENTS[value] ?? value;
    }
  }
  const suffix = /[-_]([A-Za-z]+)$/.exec(workspaceName)?.[1].toLowerCase();
  if (suffix && ENVIRONMENTS[suffix]) return ENVIRONMENTS[suffix];
  for (const tag of tagNames) {
    const known = ENVIRONMENTS[tag.toLowerCase()];
    if (known) return known;
  }
  return undefined;
}

/**
 * Plans of HCP Terraform / Terraform Enterprise runs in the workspaces an entity names
 * (`<organization>/<workspace>`). Only `terraform.hcp.baseUrl` is called with the token; the
 * JSON plan it redirects to (a signed, temporary URL) is fetched without it.
 */
export class HcpTerraformPlanSource implements PlanSource {
  readonly type = 'hcp' as const;

  static fromConfig(
    config: Config,
    options: HcpTerraformPlanSourceOptions,
  ): HcpTerraformPlanSource {
    const { logger } = options;
    const hcp = config.getOptionalConfig('terraform.hcp');
    const baseUrl = (
      hcp?.getOptionalString('baseUrl') ?? DEFAULT_BASE_URL
    ).replace(/\/+$/, '');
    let parsed: URL | undefined;
    try {
      parsed = new URL(baseUrl);
    } catch {
      parsed = undefined;
    }
    if (
      !parsed ||
      !['https:', 'http:'].includes(parsed.protocol) ||
      parsed.search ||
      parsed.hash
    ) {
      throw new Error(
        `terraform.hcp.baseUrl must be an http(s) URL like ${DEFAULT_BASE_URL}, not ${JSON.stringify(
          baseUrl,
        )}`,
      );
    }
    const maxRuns = hcp?.getOptionalNumber('maxRuns') ?? DEFAULT_MAX_RUNS;
    if (!Number.isInteger(maxRuns) || maxRuns < 1) {
      throw new Error(
        `terraform.hcp.maxRuns must be a positive integer, not ${maxRuns}`,
      );
    }
    const token = hcp?.getOptionalString('token');
    if (!token) {
      // Not fatal: a missing secret in a developer's environment leaves the rest of the portal
      // working, and every workspace says why it has no plans.
      if (hcp) {
        logger.warn(
          'terraform.hcp has no token: plans of HCP Terraform workspaces cannot be read',
        );
      }
      return new HcpTerraformPlanSource(undefined);
    }
    return new HcpTerraformPlanSource({
      baseUrl,
      token,
      maxRuns,
      maxPlanBytes:
        config.getOptionalNumber('terraform.maxPlanBytes') ??
        DEFAULT_MAX_PLAN_BYTES,
    });
  }

  private constructor(private readonly settings: Settings | undefined) {}

  validateTarget(target: string): void {
    this.workspace(target);
  }

  async listPlans(target: string): Promise<FoundPlan[]> {
    const workspace = this.workspace(target);
    const settings = this.configured(workspace);
    const ws = await this.showWorkspace(settings, workspace);
    const tagNames = Array.isArray(ws.attributes?.['tag-names'])
      ? (ws.attributes!['tag-names'] as unknown[]).filter(
          (t): t is string => typeof t === 'string',
        )
      : [];
    const environment = environmentOf(workspace.name, tagNames);

    const runs: Resource[] = [];
    const included = new Map<string, Resource>();
    const pageSize = Math.min(settings.maxRuns, MAX_PAGE_SIZE);
    let page: number | undefined = 1;
    while (page !== undefined && runs.length < settings.maxRuns) {
      const query = new URLSearchParams({
        'page[number]': String(page),
        'page[size]': String(pageSize),
        include:
          'plan,created_by,configuration_version,configuration_version.ingress_attributes',
      });
      const document = await this.getDocument(
        settings,
        `/api/v2/workspaces/${encodeURIComponent(ws.id)}/runs?${query}`,
        {
          what: `the runs of workspace ${workspace.slug}`,
          notFound: this.workspaceNotFound(settings, workspace),
        },
      );
      const data = Array.isArray(document.data) ? document.data : [];
      runs.push(...data);
      for (const resource of document.included ?? []) {
        included.set(`${resource.type}/${resource.id}`, resource);
      }
      // The next page by number on our own base URL, not by `links.next`: only the configured
      // host is ever called.
      const next = num(document.meta?.pagination?.['next-page']);
      page =
        data.length > 0 && next !== undefined && next > page ? next : undefined;
    }

    const plans: FoundPlan[] = [];
    for (const run of runs.slice(0, settings.maxRuns)) {
      const plan = this.toFoundPlan(
        settings,
        workspace,
        environment,
        run,
        included,
      );
      if (plan) plans.push(plan);
    }
    return plans;
  }

  async fetchPlan(target: string, key: string): Promise<Readable> {
    const workspace = this.workspace(target);
    const settings = this.configured(workspace);
    const notFound = `No plan ${key} in HCP Terraform workspace ${workspace.slug}`;
    const [runId, planId, ...rest] = key.split(':');
    if (
      rest.length ||
      !RUN_ID.test(runId ?? '') ||
      !PLAN_ID.test(planId ?? '')
    ) {
      throw new PlanSourceReadError(notFound, 'NotFound', 404);
    }
    const ws = await this.showWorkspace(settings, workspace);
    // A key is the client's: the plan is read only when its run belongs to this workspace.
    const run = await this.getDocument(
      settings,
      `/api/v2/runs/${encodeURIComponent(runId)}`,
      { what: `run ${runId}`, notFound },
    );
    const resource = Array.isArray(run.data) ? undefined : run.data;
    if (
      resource?.relationships?.workspace?.data?.id !== ws.id ||
      resource?.relationships?.plan?.data?.id !== planId
    ) {
      throw new PlanSourceReadError(notFound, 'NotFound', 404);
    }

    const describe = `The JSON plan ${planId} of ${workspace.slug}`;
    const response = await this.request(
      settings,
      `/api/v2/plans/${encodeURIComponent(planId)}/json-output`,
      {
        what: `the JSON plan ${planId}`,
        notFound: `${describe} is not available (HCP Terraform keeps it only for finished plans)`,
        timeoutMs: DOWNLOAD_TIMEOUT_MS,
        accept: 'application/json',
      },
    );
    const download = isRedirect(response.status)
      ? await this.followDownload(settings, response, describe)
      : response;
    if (download.status === 204 || !download.body) {
      throw new PlanSourceReadError(
        `${describe} is empty`,
        'NotFound',
        download.status,
      );
    }
    const declared = Number(download.headers.get('content-length'));
    if (declared > settings.maxPlanBytes) {
      await download.body.cancel();
      throw new PlanSourceReadError(
        `${describe} is ${declared} bytes, more than the ${settings.maxPlanBytes} allowed (terraform.maxPlanBytes)`,
        'PlanTooLarge',
        413,
      );
    }
    // Streamed to the parser as it arrives, never held whole here.
    const body = Readable.fromWeb(download.body as WebReadableStream);
    const limited = limitBytes(settings.maxPlanBytes, describe);
    body.on('error', error => limited.destroy(error));
    limited.on('close', () => body.destroy());
    return body.pipe(limited);
  }

  /**
   * `json-output` answers 307 to a temporary archivist URL that carries its own authorization:
   * the token stays with the API.
   */
  private async followDownload(
    settings: Settings,
    response: Response,
    describe: string,
  ): Promise<Response> {
    await response.body?.cancel();
    const location = response.headers.get('location');
    let to: URL | undefined;
    try {
      to = location ? new URL(location, settings.baseUrl) : undefined;
    } catch {
      to = undefined;
    }
    const allowedProtocols = new Set([
      'https:',
      new URL(settings.baseUrl).protocol,
    ]);
    if (!to || !allowedProtocols.has(to.protocol)) {
      throw new PlanSourceReadError(
        `HCP Terraform redirected the download of ${describe} to ${
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

  private toFoundPlan(
    settings: Settings,
    workspace: Workspace,
    environment: string | undefined,
    run: Resource,
    included: Map<string, Resource>,
  ): FoundPlan | undefined {
    const related = (resource: Resource | undefined, name: string) => {
      const data = resource?.relationships?.[name]?.data;
      return data ? included.get(`${data.type}/${data.id}`) : undefined;
    };
    const planId = run.relationships?.plan?.data?.id;
    if (!planId) return undefined;
    const plan = related(run, 'plan');
    // Only a finished plan has a JSON plan; a run still planning, or whose plan errored, has
    // nothing to show yet. (A plan left out of `included` is not judged.)
    if (plan && plan.attributes?.status !== 'finished') return undefined;

    const attributes = run.attributes ?? {};
    const user = related(run, 'created-by');
    const ingress = related(
      related(run, 'configuration-version'),
      'ingress-attributes',
    )?.attributes;
    const prNumber = num(ingress?.['pull-request-number']);
    const status = str(attributes.status);
    const triggeredBy =
      str(user?.attributes?.username) ?? str(ingress?.['sender-username']);
    const commit = str(ingress?.['commit-sha']);
    const url = `${settings.baseUrl}/app/${encodeURIComponent(
      workspace.organization,
    )}/workspaces/${encodeURIComponent(
      workspace.name,
    )}/runs/${encodeURIComponent(run.id)}`;
    const counts = countsOf(plan);
    return {
      key: `${run.id}:${planId}`,
      workspace: workspace.slug,
      ...(environment && { environment }),
      ...(str(ingress?.branch) && { branch: str(ingress?.branch) }),
      ...(prNumber !== undefined &&
        ingress?.['is-pull-request'] !== false && {
          pullRequest: {
            number: prNumber,
            ...(webUrl(ingress?.['pull-request-url']) && {
              url: webUrl(ingress?.['pull-request-url']),
            }),
            ...(str(ingress?.['pull-request-title']) && {
              title: str(ingress?.['pull-request-title']),
            }),
          },
        }),
      run: {
        id: run.id,
        url,
        ...(status && { status }),
        ...(triggeredBy && { triggeredBy }),
        ...(commit && { commit }),
      },
      ...(str(attributes['created-at']) && {
        createdAt: str(attributes['created-at']),
      }),
      ...(counts && { counts }),
      url,
    };
  }

  private workspace(target: string): Workspace {
    const parts = target.split('/');
    if (parts.length !== 2 || !NAME.test(parts[0]) || !NAME.test(parts[1])) {
      throw new InputError(
        `Invalid HCP Terraform workspace ${JSON.stringify(
          target.slice(0, 200),
        )}: expected <organization>/<workspace> (letters, digits, - and _)`,
      );
    }
    return { organization: parts[0], name: parts[1], slug: target };
  }

  private configured(workspace: Workspace): Settings {
    if (!this.settings) {
      throw new PlanSourceReadError(
        `Plans of HCP Terraform workspace ${workspace.slug} cannot be read: the portal has no terraform.hcp.token`,
        'NotConfigured',
      );
    }
    return this.settings;
  }

  private workspaceNotFound(settings: Settings, workspace: Workspace) {
    return `Workspace ${workspace.slug} was not found on ${settings.baseUrl}, or the token may not read it (HCP Terraform answers 404 for both)`;
  }

  private async showWorkspace(
    settings: Settings,
    workspace: Workspace,
  ): Promise<Resource> {
    const document = await this.getDocument(
      settings,
      `/api/v2/organizations/${encodeURIComponent(
        workspace.organization,
      )}/workspaces/${encodeURIComponent(workspace.name)}`,
      {
        what: `workspace ${workspace.slug}`,
        notFound: this.workspaceNotFound(settings, workspace),
      },
    );
    if (!document.data || Array.isArray(document.data) || !document.data.id) {
      throw new PlanSourceReadError(
        `HCP Terraform answered workspace ${workspace.slug} without its id`,
        'UpstreamError',
        502,
      );
    }
    return document.data;
  }

  private async getDocument(
    settings: Settings,
    path: string,
    context: { what: string; notFound: string },
  ): Promise<Document> {
    const response = await this.request(settings, path, context);
    try {
      return (await response.json()) as Document;
    } catch (error) {
      throw new PlanSourceReadError(
        `HCP Terraform answered ${context.what} with something other than JSON:API`,
        'UpstreamError',
        502,
        { cause: error },
      );
    }
  }

  private async request(
    settings: Settings,
    path: string,
    context: {
      what: string;
      notFound: string;
      timeoutMs?: number;
      accept?: string;
    },
  ): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${settings.baseUrl}${path}`, {
        headers: {
          Authorization: `Bearer ${settings.token}`,
          Accept: context.accept ?? JSON_API,
          'Content-Type': JSON_API,
        },
        // Redirects are followed by hand, without the token.
        redirect: 'manual',
        signal: AbortSignal.timeout(context.timeoutMs ?? API_TIMEOUT_MS),
      });
    } catch (error) {
      throw new PlanSourceReadError(
        `HCP Terraform at ${settings.baseUrl} could not be reached for ${
          context.what
        }: ${describeError(error)}`,
        'Unavailable',
        503,
        { cause: error },
      );
    }
    if (response.ok || isRedirect(response.status)) return response;
    throw await hcpError(response, settings.baseUrl, context);
  }
}

/**
 * What HCP Terraform counts of a plan, when it knows whether there are changes. It counts a
 * replacement as one addition and one destruction and has no other actions: `replace` and the
 * rest are 0 here, and exact once the plan itself is read.
 */
function countsOf(plan: Resource | undefined): PlanCounts | undefined {
  const a = plan?.attributes;
  if (typeof a?.['has-changes'] !== 'boolean') return undefined;
  return {
    add: num(a['resource-additions']) ?? 0,
    change: num(a['resource-changes']) ?? 0,
    replace: 0,
    destroy: num(a['resource-destructions']) ?? 0,
    read: 0,
    forget: 0,
    import: num(a['resource-imports']) ?? 0,
    move: 0,
    noOp: 0,
    drift: 0,
  };
}

/** A stream that fails with `PlanTooLarge` once more than `maxBytes` went through. */
function limitBytes(maxBytes: number, describe: string): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) {
        callback(
          new PlanSourceReadError(
            `${describe} is larger than ${maxBytes} bytes (terraform.maxPlanBytes)`,
            'PlanTooLarge',
            413,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
}

const seconds = (n: number) => `${n} second${n === 1 ? '' : 's'}`;

async function hcpError(
  response: Response,
  baseUrl: string,
  context: { what: string; notFound: string },
): Promise<PlanSourceReadError> {
  const { status, headers } = response;
  let detail = '';
  try {
    const body = (await response.json()) as {
      errors?: Array<{ title?: unknown; detail?: unknown }>;
    };
    const first = body?.errors?.[0];
    const text = [str(first?.title), str(first?.detail)]
      .filter(Boolean)
      .join(': ');
    if (text) detail = ` (HCP Terraform: ${text.slice(0, 300)})`;
  } catch {
    // Not a JSON:API error document: the status says enough.
  }
  if (status === 429) {
    const retryAfter = num(headers.get('retry-after'));
    const reset = num(headers.get('x-ratelimit-reset'));
    let when = 'retry later';
    if (retryAfter !== undefined) {
      when = `retry in ${seconds(retryAfter)}`;
    } else if (reset !== undefined) {
      // Documented as the seconds until the limit resets (e.g. 0.072); an epoch is read as one.
      when =
        reset > 1_000_000_000
          ? `the limit resets at ${new Date(reset * 1000).toISOString()}`
          : `retry in ${seconds(Math.max(1, Math.ceil(reset)))}`;
    }
    return new PlanSourceReadError(
      `HCP Terraform at ${baseUrl} rate limit reached while reading ${context.what}; ${when}${detail}`,
      'RateLimited',
      429,
    );
  }
  if (status === 401) {
    return new PlanSourceReadError(
      `HCP Terraform at ${baseUrl} rejected terraform.hcp.token while reading ${context.what} (401)${detail}`,
      'Unauthorized',
      401,
    );
  }
  if (status === 403) {
    return new PlanSourceReadError(
      `terraform.hcp.token may not read ${context.what} on ${baseUrl} (403)${detail}`,
      'Forbidden',
      403,
    );
  }
  if (status === 404) {
    return new PlanSourceReadError(context.notFound, 'NotFound', 404);
  }
  return new PlanSourceReadError(
    `HCP Terraform at ${baseUrl} answered ${status} ${response.statusText} while reading ${context.what}${detail}`.replace(
      / +/g,
      ' ',
    ),
    'UpstreamError',
    status,
  );
}
