/**
 * HCP Terraform / Terraform Enterprise at the HTTP layer, for msw, from the documented JSON:API
 * shapes: "Show a Workspace", "List Runs in a Workspace" (`page[number]`/`page[size]`,
 * `meta.pagination`, `links`, `include=plan,created_by,configuration_version,
 * configuration_version.ingress_attributes`), "Get Run Details", "Show a Plan", "Retrieve the JSON
 * execution plan" (307 to a temporary archivist URL); 401 for a bad token, 404 for what does not
 * exist or may not be read, 429 with `Retry-After`/`X-RateLimit-Reset`.
 *
 * ```ts
 * const hcp = new HcpTerraformSimulator({ token: 'hcp-token' });
 * const ws = hcp.addWorkspace('acme', 'network-dev');
 * hcp.addRun(ws, { status: 'planned', plan: { additions: 2, json: planText } });
 * server.use(...hcp.handlers());
 * ```
 */
import crypto from 'node:crypto';
import { http, HttpResponse, JsonBodyType } from 'msw';

const JSON_API = 'application/vnd.api+json';

const id = (prefix: string) =>
  `${prefix}-${crypto
    .randomBytes(12)
    .toString('base64url')
    .replace(/[-_]/g, 'x')
    .slice(0, 16)}`;

/** `value`, unless it was left out (`null` is a value). */
const or = <T>(value: T | undefined, otherwise: T): T =>
  value === undefined ? otherwise : value;

export interface SimulatedWorkspace {
  id: string;
  organization: string;
  name: string;
  tagNames: string[];
}

export interface SimulatedPlan {
  id: string;
  status: string;
  hasChanges: boolean | null;
  additions: number | null;
  changes: number | null;
  destructions: number | null;
  imports: number | null;
  /** The JSON plan served by the archivist; none: `json-output` answers 404. */
  json?: string;
}

export interface SimulatedIngress {
  branch?: string;
  commitSha?: string;
  commitMessage?: string;
  isPullRequest?: boolean;
  pullRequestNumber?: number | null;
  pullRequestUrl?: string | null;
  pullRequestTitle?: string | null;
  senderUsername?: string;
  identifier?: string;
}

export interface SimulatedRun {
  id: string;
  workspaceId: string;
  status: string;
  createdAt: string;
  source: string;
  message: string;
  isDestroy: boolean;
  createdBy?: string;
  plan: SimulatedPlan;
  configurationVersionId: string;
  ingress?: SimulatedIngress & { id: string };
}

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | null;
}

export interface HcpTerraformSimulatorOptions {
  /** @defaultValue https://app.terraform.io */
  baseUrl?: string;
  /** Where `json-output` redirects. @defaultValue https://archivist.terraform.io */
  archivistUrl?: string;
  /** The only token accepted. */
  token: string;
  /** The server's largest page (HCP Terraform: 100); lower it to see pagination. */
  maxPageSize?: number;
}

/** An in-memory HCP Terraform holding workspaces and their runs. */
export class HcpTerraformSimulator {
  readonly baseUrl: string;
  readonly archivistUrl: string;
  readonly requests: SeenRequest[] = [];
  /** Every API request is answered like this while set (rate limits, outages). */
  failure?: {
    status: number;
    headers?: Record<string, string>;
    body?: JsonBodyType;
  };

  private readonly workspaces: SimulatedWorkspace[] = [];
  private readonly runs: SimulatedRun[] = [];
  private readonly users = new Map<string, string>();
  private readonly objects = new Map<string, SimulatedPlan>();

  constructor(private readonly options: HcpTerraformSimulatorOptions) {
    this.baseUrl = options.baseUrl ?? 'https://app.terraform.io';
    this.archivistUrl =
      options.archivistUrl ?? 'https://archivist.terraform.io';
  }

  get hosts(): string[] {
    return [new URL(this.baseUrl).host, new URL(this.archivistUrl).host];
  }

  addWorkspace(
    organization: string,
    name: string,
    options: { tagNames?: string[] } = {},
  ): SimulatedWorkspace {
    const workspace = {
      id: id('ws'),
      organization,
      name,
      tagNames: options.tagNames ?? [],
    };
    this.workspaces.push(workspace);
    return workspace;
  }

  /** Runs are listed newest first (by `createdAt`), like HCP Terraform does. */
  addRun(
    workspace: SimulatedWorkspace,
    run: Partial<
      Omit<
        SimulatedRun,
        'id' | 'workspaceId' | 'plan' | 'ingress' | 'configurationVersionId'
      >
    > & {
      plan?: Partial<Omit<SimulatedPlan, 'id'>>;
      ingress?: SimulatedIngress;
    } = {},
  ): SimulatedRun {
    const planned = run.plan ?? {};
    const finished = (planned.status ?? 'finished') === 'finished';
    const created: SimulatedRun = {
      id: id('run'),
      workspaceId: workspace.id,
      status: run.status ?? 'planned',
      createdAt: run.createdAt ?? new Date(Date.UTC(2026, 0, 1)).toISOString(),
      source: run.source ?? 'tfe-configuration-version',
      message: run.message ?? 'Triggered via UI',
      isDestroy: run.isDestroy ?? false,
      createdBy: run.createdBy,
      configurationVersionId: id('cv'),
      plan: {
        id: id('plan'),
        status: planned.status ?? 'finished',
        // Until a plan finishes, HCP Terraform knows neither whether it changes anything nor what.
        hasChanges: or(planned.hasChanges, finished ? true : null),
        additions: or(planned.additions, finished ? 0 : null),
        changes: or(planned.changes, finished ? 0 : null),
        destructions: or(planned.destructions, finished ? 0 : null),
        imports: or(planned.imports, finished ? 0 : null),
        json: planned.json,
      },
      ingress: run.ingress ? { ...run.ingress, id: id('ia') } : undefined,
    };
    if (created.createdBy && !this.users.has(created.createdBy)) {
      this.users.set(created.createdBy, id('user'));
    }
    this.runs.push(created);
    return created;
  }

  handlers() {
    const api = `${this.baseUrl}/api/v2`;
    return [
      http.get(
        `${api}/organizations/:organization/workspaces/:name`,
        ({ request, params }) =>
          this.guard(request, () => {
            const ws = this.workspaces.find(
              w =>
                w.organization === params.organization &&
                w.name === params.name,
            );
            return ws
              ? this.json({ data: this.workspaceJson(ws) })
              : this.notFound();
          }),
      ),
      http.get(`${api}/workspaces/:id/runs`, ({ request, params }) =>
        this.guard(request, () => {
          const ws = this.workspaces.find(w => w.id === params.id);
          return ws ? this.listRuns(request, ws) : this.notFound();
        }),
      ),
      http.get(`${api}/runs/:id`, ({ request, params }) =>
        this.guard(request, () => {
          const run = this.runs.find(r => r.id === params.id);
          return run ? this.json({ data: this.runJson(run) }) : this.notFound();
        }),
      ),
      http.get(`${api}/plans/:id`, ({ request, params }) =>
        this.guard(request, () => {
          const run = this.runs.find(r => r.plan.id === params.id);
          return run
            ? this.json({ data: this.planJson(run.plan) })
            : this.notFound();
        }),
      ),
      http.get(`${api}/plans/:id/json-output`, ({ request, params }) =>
        this.guard(request, () => {
          const run = this.runs.find(r => r.plan.id === params.id);
          if (!run || run.plan.json === undefined) return this.notFound();
          const object = `/v1/object/${crypto
            .randomBytes(48)
            .toString('base64url')}`;
          this.objects.set(object, run.plan);
          return new HttpResponse(null, {
            status: 307,
            headers: { Location: `${this.archivistUrl}${object}` },
          });
        }),
      ),
      // The archivist: the URL is the authorization.
      http.get(`${this.archivistUrl}/v1/object/:object`, ({ request }) => {
        this.record(request);
        const plan = this.objects.get(new URL(request.url).pathname);
        if (!plan) return new HttpResponse('not found', { status: 404 });
        return new HttpResponse(plan.json, {
          headers: { 'Content-Type': 'application/json' },
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

  private json(body: JsonBodyType, init: ResponseInit = {}): Response {
    return HttpResponse.json(body, {
      ...init,
      headers: { 'Content-Type': JSON_API, ...(init.headers as object) },
    });
  }

  private notFound(): Response {
    return this.json(
      { errors: [{ status: '404', title: 'not found' }] },
      { status: 404 },
    );
  }

  private guard(request: Request, respond: () => Response): Response {
    this.record(request);
    if (this.failure) {
      return this.json(this.failure.body ?? {}, {
        status: this.failure.status,
        headers: this.failure.headers,
      });
    }
    if (
      request.headers.get('authorization') !== `Bearer ${this.options.token}`
    ) {
      return this.json(
        { errors: [{ status: '401', title: 'unauthorized' }] },
        { status: 401 },
      );
    }
    return respond();
  }

  private listRuns(request: Request, ws: SimulatedWorkspace): Response {
    const url = new URL(request.url);
    const size = Math.min(
      Number(url.searchParams.get('page[size]') ?? 20) || 20,
      this.options.maxPageSize ?? 100,
      100,
    );
    const number = Math.max(
      Number(url.searchParams.get('page[number]') ?? 1) || 1,
      1,
    );
    const include = (url.searchParams.get('include') ?? '')
      .split(',')
      .filter(Boolean);
    const all = this.runs
      .filter(r => r.workspaceId === ws.id)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const runs = all.slice((number - 1) * size, number * size);
    const pages = Math.max(1, Math.ceil(all.length / size));
    const included = new Map<string, unknown>();
    for (const run of runs) {
      if (include.includes('plan')) {
        included.set(run.plan.id, this.planJson(run.plan));
      }
      if (include.includes('created_by') && run.createdBy) {
        const userId = this.users.get(run.createdBy)!;
        included.set(userId, {
          id: userId,
          type: 'users',
          attributes: {
            username: run.createdBy,
            'is-service-account': false,
            'avatar-url': 'https://www.gravatar.com/avatar/00000000?s=100&d=mm',
            'two-factor': { enabled: false, verified: false },
          },
          links: { self: `/api/v2/users/${userId}` },
        });
      }
      if (include.includes('configuration_version')) {
        included.set(run.configurationVersionId, {
          id: run.configurationVersionId,
          type: 'configuration-versions',
          attributes: {
            'auto-queue-runs': true,
            error: null,
            'error-message': null,
            source: run.ingress ? 'github' : 'tfe-api',
            speculative: run.status === 'planned_and_finished',
            status: 'uploaded',
            'status-timestamps': {},
            'changed-files': [],
          },
          relationships: {
            'ingress-attributes': {
              data: run.ingress
                ? { id: run.ingress.id, type: 'ingress-attributes' }
                : null,
              links: {
                related: `/api/v2/configuration-versions/${run.configurationVersionId}/ingress-attributes`,
              },
            },
          },
          links: {
            self: `/api/v2/configuration-versions/${run.configurationVersionId}`,
          },
        });
      }
      if (
        include.includes('configuration_version.ingress_attributes') &&
        run.ingress
      ) {
        const i = run.ingress;
        included.set(i.id, {
          id: i.id,
          type: 'ingress-attributes',
          attributes: {
            branch: i.branch ?? 'main',
            'clone-url': `https://github.com/${
              i.identifier ?? 'acme/infra'
            }.git`,
            'commit-message': i.commitMessage ?? 'Update infrastructure',
            'commit-sha': i.commitSha ?? crypto.randomBytes(20).toString('hex'),
            'commit-url': `https://github.com/${
              i.identifier ?? 'acme/infra'
            }/commit/${i.commitSha}`,
            'compare-url': null,
            identifier: i.identifier ?? 'acme/infra',
            'is-pull-request': i.isPullRequest ?? !!i.pullRequestNumber,
            'on-default-branch': (i.branch ?? 'main') === 'main',
            'pull-request-number': i.pullRequestNumber ?? null,
            'pull-request-url': i.pullRequestUrl ?? null,
            'pull-request-title': i.pullRequestTitle ?? null,
            'pull-request-body': null,
            tag: null,
            'sender-username': i.senderUsername ?? 'octocat',
            'sender-avatar-url':
              'https://avatars.githubusercontent.com/u/583231?v=4',
            'sender-html-url': `https://github.com/${
              i.senderUsername ?? 'octocat'
            }`,
          },
          relationships: {
            'created-by': { data: null },
          },
          links: {
            self: `/api/v2/configuration-versions/${run.configurationVersionId}/ingress-attributes`,
          },
        });
      }
    }
    const page = (n: number) => {
      const link = new URL(`${this.baseUrl}/api/v2/workspaces/${ws.id}/runs`);
      link.searchParams.set('page[number]', String(n));
      link.searchParams.set('page[size]', String(size));
      return link.toString();
    };
    return this.json({
      data: runs.map(r => this.runJson(r)),
      included: [...included.values()],
      links: {
        self: page(number),
        first: page(1),
        prev: number > 1 ? page(number - 1) : null,
        next: number < pages ? page(number + 1) : null,
        last: page(pages),
      },
      meta: {
        pagination: {
          'current-page': number,
          'page-size': size,
          'prev-page': number > 1 ? number - 1 : null,
          'next-page': number < pages ? number + 1 : null,
          'total-pages': pages,
          'total-count': all.length,
        },
      },
    });
  }

  private workspaceJson(ws: SimulatedWorkspace) {
    return {
      id: ws.id,
      type: 'workspaces',
      attributes: {
        name: ws.name,
        'tag-names': ws.tagNames,
        'auto-apply': false,
        'execution-mode': 'remote',
        'terraform-version': '1.9.8',
        'working-directory': '',
        'created-at': '2025-06-01T10:00:00.000Z',
        locked: false,
        'resource-count': 12,
      },
      relationships: {
        organization: { data: { id: ws.organization, type: 'organizations' } },
        'current-run': { data: null },
      },
      links: {
        self: `/api/v2/organizations/${ws.organization}/workspaces/${ws.name}`,
        'self-html': `/app/${ws.organization}/workspaces/${ws.name}`,
      },
    };
  }

  private runJson(run: SimulatedRun) {
    const rel = (name: string, data: { id: string; type: string } | null) => ({
      data,
      links: { related: `/api/v2/runs/${run.id}/${name}` },
    });
    return {
      id: run.id,
      type: 'runs',
      attributes: {
        actions: {
          'is-cancelable': false,
          'is-confirmable': run.status === 'planned',
          'is-discardable': run.status === 'planned',
          'is-force-cancelable': false,
        },
        'canceled-at': null,
        'created-at': run.createdAt,
        'has-changes': run.plan.hasChanges ?? false,
        'auto-apply': false,
        'allow-empty-apply': false,
        'allow-config-generation': false,
        'is-destroy': run.isDestroy,
        message: run.message,
        'plan-only': run.status === 'planned_and_finished',
        source: run.source,
        'status-timestamps': { 'plan-queueable-at': run.createdAt },
        status: run.status,
        'trigger-reason': 'manual',
        'target-addrs': null,
        permissions: {
          'can-apply': true,
          'can-cancel': true,
          'can-comment': true,
          'can-discard': true,
          'can-force-execute': true,
          'can-force-cancel': true,
          'can-override-policy-check': false,
        },
        refresh: true,
        'refresh-only': false,
        'replace-addrs': null,
        'save-plan': false,
        variables: [],
      },
      relationships: {
        apply: rel('apply', {
          id: `apply-${run.id.slice(4)}`,
          type: 'applies',
        }),
        'configuration-version': rel('configuration-version', {
          id: run.configurationVersionId,
          type: 'configuration-versions',
        }),
        'created-by': rel(
          'created-by',
          run.createdBy
            ? { id: this.users.get(run.createdBy)!, type: 'users' }
            : null,
        ),
        plan: rel('plan', { id: run.plan.id, type: 'plans' }),
        workspace: { data: { id: run.workspaceId, type: 'workspaces' } },
      },
      links: { self: `/api/v2/runs/${run.id}` },
    };
  }

  private planJson(plan: SimulatedPlan) {
    return {
      id: plan.id,
      type: 'plans',
      attributes: {
        'execution-details': { mode: 'remote' },
        'generated-configuration': false,
        'has-changes': plan.hasChanges,
        'resource-additions': plan.additions,
        'resource-changes': plan.changes,
        'resource-destructions': plan.destructions,
        'resource-imports': plan.imports,
        status: plan.status,
        'status-timestamps': { 'queued-at': '2026-01-01T00:00:00+00:00' },
        'log-read-url': `${this.archivistUrl}/v1/object/${crypto
          .randomBytes(24)
          .toString('base64url')}`,
      },
      relationships: { 'state-versions': { data: [] }, exports: { data: [] } },
      links: {
        self: `/api/v2/plans/${plan.id}`,
        'json-output': `/api/v2/plans/${plan.id}/json-output`,
      },
    };
  }
}
