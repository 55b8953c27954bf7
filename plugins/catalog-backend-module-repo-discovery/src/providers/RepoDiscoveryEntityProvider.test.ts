import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  InferredComponent,
  InferredRepository,
  RepoContents,
  RepoRef,
  RepoSource,
} from '../types';
import { RepoDiscoveryEntityProvider } from './RepoDiscoveryEntityProvider';
import { createRecordingConnection } from '../__testUtils__/recordingConnection';

type FakeRepo = Omit<
  RepoRef,
  'id' | 'webUrl' | 'defaultBranch' | 'topics' | 'archived'
> &
  Partial<RepoRef> & { files: Record<string, string> };

/** An in-memory organisation whose repositories tests add, change, archive and delete. */
class FakeSource implements RepoSource {
  readonly id = 'github:github.com/orbital-data';
  repos = new Map<string, FakeRepo>();
  reads: string[] = [];
  failList = false;
  failRead = new Set<string>();

  set(repo: FakeRepo) {
    this.repos.set(repo.name, repo);
  }

  private ref(r: FakeRepo): RepoRef {
    return {
      id: `github.com/orbital-data/${r.name}`,
      organization: 'orbital-data',
      webUrl: `https://github.com/orbital-data/${r.name}`,
      defaultBranch: 'main',
      topics: [],
      archived: false,
      ...r,
    };
  }

  async listRepositories() {
    if (this.failList) throw new Error('GitHub said 502');
    return [...this.repos.values()].map(r => this.ref(r));
  }

  async getRepository(name: string) {
    const r = this.repos.get(name);
    return r ? this.ref(r) : undefined;
  }

  async readContents(repo: RepoRef): Promise<RepoContents> {
    this.reads.push(repo.name);
    if (this.failRead.has(repo.name)) throw new Error('secondary rate limit');
    const files = this.repos.get(repo.name)!.files;
    return {
      paths: Object.keys(files),
      readFile: async path => files[path],
    };
  }
}

/** A deliberately small inference: the real rules are tested in src/inference. */
async function fakeInfer(
  repo: RepoRef,
  contents: RepoContents,
): Promise<InferredRepository> {
  if (contents.paths.includes('catalog-info.yaml')) {
    return {
      repo,
      catalogFile: 'catalog-info.yaml',
      monorepo: false,
      components: [],
      clusters: [],
    };
  }
  const codeOwners = (await contents.readFile('CODEOWNERS'))?.match(
    /@orbital-data\/([\w-]+)/,
  )
    ? [`group:default/${RegExp.$1}`]
    : [];
  const component = (
    name: string,
    path: string,
    type: InferredComponent['type'],
  ) => ({
    name,
    path,
    type,
    evidence: [type === 'service' ? 'Dockerfile' : 'package.json'],
    codeOwners,
    annotations: {},
    tags: [],
  });
  const services = contents.paths.filter(p =>
    /^services\/[^/]+\/Dockerfile$/.test(p),
  );
  if (services.length > 1) {
    return {
      repo,
      monorepo: true,
      clusters: [],
      components: services.map(p => {
        const dir = p.split('/').slice(0, 2).join('/');
        return component(`${repo.name}-${dir.split('/')[1]}`, dir, 'service');
      }),
    };
  }
  const type = contents.paths.includes('Dockerfile') ? 'service' : 'library';
  return {
    repo,
    monorepo: false,
    clusters: [],
    components: [component(repo.name, '', type)],
  };
}

function setup(
  options: {
    catalogFiles?: 'skip' | 'ingest';
    exclude?: string[];
    infer?: typeof fakeInfer;
  } = {},
) {
  const source = new FakeSource();
  const recorder = createRecordingConnection();
  const { connection, mutations } = recorder;
  const lastFull = () => recorder.lastFull() ?? [];
  const provider = new RepoDiscoveryEntityProvider({
    id: 'orbital',
    source,
    infer: options.infer ?? fakeInfer,
    logger: mockServices.logger.mock(),
    defaultOwner: 'group:default/platform-team',
    catalogFiles: options.catalogFiles ?? 'skip',
    exclude: options.exclude,
  });
  const byName = (entities: Entity[], name: string) =>
    entities.find(e => e.metadata.name === name);
  return { source, provider, connection, mutations, lastFull, byName };
}

describe('RepoDiscoveryEntityProvider', () => {
  it('is named after its config block', () => {
    expect(setup().provider.getProviderName()).toBe('repo-discovery:orbital');
  });

  it('catalogs every repository, including those without a catalog file', async () => {
    const { source, provider, connection, lastFull, byName } = setup();
    source.set({
      name: 'orders',
      pushedAt: '1',
      files: { Dockerfile: 'FROM node:22' },
    });
    source.set({
      name: 'ui-kit',
      pushedAt: '1',
      files: { 'package.json': '{}' },
    });
    await provider.connect(connection);
    await provider.refresh();

    const entities = lastFull();
    expect(entities.map(e => e.metadata.name).sort()).toEqual([
      'orders',
      'ui-kit',
    ]);
    const orders = byName(entities, 'orders')!;
    expect(orders.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/platform-team',
    });
    expect(orders.metadata.annotations).toEqual(
      expect.objectContaining({
        'platform-portal.io/inferred': 'true',
        'platform-portal.io/inferred-evidence': 'Dockerfile',
        'github.com/project-slug': 'orbital-data/orders',
        'backstage.io/managed-by-location':
          'url:https://github.com/orbital-data/orders/tree/main/',
        'backstage.io/source-location':
          'url:https://github.com/orbital-data/orders/tree/main/',
      }),
    );
    expect(orders.metadata.links).toEqual([
      {
        url: 'https://github.com/orbital-data/orders',
        title: 'Repository',
        icon: 'github',
      },
    ]);
  });

  it('takes the owner from CODEOWNERS, else an owner- topic, else the configured default', async () => {
    const { source, provider, connection, lastFull, byName } = setup();
    source.set({
      name: 'a',
      files: { Dockerfile: '', CODEOWNERS: '* @orbital-data/team-geo' },
    });
    source.set({
      name: 'b',
      topics: ['owner-sre', 'kotlin'],
      files: { Dockerfile: '' },
    });
    source.set({ name: 'c', files: { Dockerfile: '' } });
    await provider.connect(connection);
    await provider.refresh();
    const owner = (n: string) => byName(lastFull(), n)!.spec!.owner;
    expect([owner('a'), owner('b'), owner('c')]).toEqual([
      'group:default/team-geo',
      'group:default/sre',
      'group:default/platform-team',
    ]);
  });

  it('describes a repository by its catalog file instead, never twice', async () => {
    const { source, provider, connection, lastFull } = setup();
    source.set({ name: 'orders', pushedAt: '1', files: { Dockerfile: '' } });
    await provider.connect(connection);
    await provider.refresh();
    expect(lastFull().map(e => e.metadata.name)).toEqual(['orders']);

    // The repository gains a catalog-info.yaml: GitHub discovery now ingests it, we emit nothing.
    source.set({
      name: 'orders',
      pushedAt: '2',
      files: { Dockerfile: '', 'catalog-info.yaml': 'kind: Component' },
    });
    await provider.refresh();
    expect(lastFull()).toEqual([]);
  });

  it("emits a mono-repo part's own catalog file, also where root files are left to upstream", async () => {
    const { source, provider, connection, lastFull, byName } = setup({
      catalogFiles: 'skip',
      infer: async (repo: RepoRef) => ({
        repo,
        monorepo: true,
        components: [
          {
            name: 'lumen-api',
            path: 'services/api',
            type: 'service',
            evidence: ['Dockerfile'],
            codeOwners: [],
            annotations: {},
            tags: [],
          },
        ],
        clusters: [],
        partCatalogFiles: ['services/anomaly/catalog-info.yaml'],
      }),
    });
    source.set({
      name: 'lumen',
      files: {
        'services/anomaly/catalog-info.yaml': [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata: { name: lumen-anomaly }',
          'spec: { type: service, lifecycle: experimental, owner: lumen-backend, system: lumen }',
        ].join('\n'),
      },
    });
    await provider.connect(connection);
    await provider.refresh();
    expect(
      lastFull()
        .map(e => `${e.kind}:${e.metadata.name}`)
        .sort(),
    ).toEqual([
      'Component:lumen-anomaly',
      'Component:lumen-api',
      'System:lumen',
    ]);
    expect(byName(lastFull(), 'lumen-anomaly')!.metadata.annotations).toEqual(
      expect.objectContaining({
        'backstage.io/managed-by-location':
          'url:https://github.com/orbital-data/lumen/tree/main/services/anomaly/catalog-info.yaml',
        'backstage.io/source-location':
          'url:https://github.com/orbital-data/lumen/tree/main/services/anomaly/',
      }),
    );
  });

  it('emits the entities of a catalog file itself where nothing else reads it', async () => {
    const { source, provider, connection, lastFull } = setup({
      catalogFiles: 'ingest',
    });
    source.set({
      name: 'orders',
      files: {
        'catalog-info.yaml': [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          '  name: orders-service',
          'spec: { type: service, lifecycle: production, owner: team-shop }',
          '---',
          'not: an entity',
        ].join('\n'),
      },
    });
    await provider.connect(connection);
    await provider.refresh();
    const [entity] = lastFull();
    expect(lastFull()).toHaveLength(1);
    expect(entity.metadata.name).toBe('orders-service');
    expect(entity.metadata.annotations).toEqual(
      expect.objectContaining({
        'backstage.io/managed-by-location':
          'url:https://github.com/orbital-data/orders/tree/main/catalog-info.yaml',
      }),
    );
    expect(
      entity.metadata.annotations?.['platform-portal.io/inferred'],
    ).toBeUndefined();
  });

  it('marks archived repositories and drops deleted ones', async () => {
    const { source, provider, connection, lastFull, byName } = setup();
    source.set({
      name: 'legacy',
      pushedAt: '1',
      archived: true,
      files: { Dockerfile: '' },
    });
    source.set({ name: 'gone', pushedAt: '1', files: { Dockerfile: '' } });
    await provider.connect(connection);
    await provider.refresh();
    const legacy = byName(lastFull(), 'legacy')!;
    expect(legacy.spec?.lifecycle).toBe('deprecated');
    expect(legacy.metadata.tags).toContain('archived');
    expect(legacy.metadata.annotations?.['platform-portal.io/archived']).toBe(
      'true',
    );

    source.repos.delete('gone');
    await provider.refresh();
    expect(lastFull().map(e => e.metadata.name)).toEqual(['legacy']);
  });

  it('groups a mono-repo into a system with one component per part', async () => {
    const { source, provider, connection, lastFull } = setup();
    source.set({
      name: 'lumen',
      files: {
        'services/api/Dockerfile': '',
        'services/worker/Dockerfile': '',
      },
    });
    await provider.connect(connection);
    await provider.refresh();
    const entities = lastFull();
    expect(
      entities.map(e => `${e.kind}:${e.metadata.name}:${e.spec?.system ?? ''}`),
    ).toEqual([
      'System:lumen:',
      'Component:lumen-api:lumen',
      'Component:lumen-worker:lumen',
    ]);
    expect(
      entities[1].metadata.annotations?.['backstage.io/source-location'],
    ).toBe('url:https://github.com/orbital-data/lumen/tree/main/services/api/');
  });

  it('does not read a repository again while its last push is unchanged', async () => {
    const { source, provider, connection, lastFull } = setup();
    source.set({ name: 'orders', pushedAt: '1', files: { Dockerfile: '' } });
    await provider.connect(connection);
    await provider.refresh();
    await provider.refresh();
    expect(source.reads).toEqual(['orders']);
    source.set({
      name: 'orders',
      pushedAt: '2',
      files: { 'package.json': '' },
    });
    await provider.refresh();
    expect(source.reads).toEqual(['orders', 'orders']);
    expect(lastFull()[0].spec?.type).toBe('library');
  });

  it('keeps everything when the organisation cannot be listed', async () => {
    const { source, provider, connection, mutations } = setup();
    source.set({ name: 'orders', files: { Dockerfile: '' } });
    await provider.connect(connection);
    await provider.refresh();
    source.failList = true;
    await expect(provider.refresh()).rejects.toThrow('502');
    expect(mutations).toHaveLength(1);
  });

  it("keeps a repository's previous entities when reading it fails", async () => {
    const { source, provider, connection, lastFull } = setup();
    source.set({ name: 'orders', pushedAt: '1', files: { Dockerfile: '' } });
    source.set({ name: 'billing', pushedAt: '1', files: { Dockerfile: '' } });
    await provider.connect(connection);
    await provider.refresh();
    source.set({ name: 'orders', pushedAt: '2', files: { Dockerfile: '' } });
    source.failRead.add('orders');
    await provider.refresh();
    expect(
      lastFull()
        .map(e => e.metadata.name)
        .sort(),
    ).toEqual(['billing', 'orders']);
  });

  it('streams a large first sweep to the catalog in batches, then closes with a full mutation', async () => {
    const source = new FakeSource();
    for (let i = 0; i < 25; i++) {
      source.set({ name: `svc-${i}`, files: { Dockerfile: '' } });
    }
    const mutations: string[] = [];
    const provider = new RepoDiscoveryEntityProvider({
      id: 'orbital',
      source,
      infer: fakeInfer,
      logger: mockServices.logger.mock(),
      defaultOwner: 'group:default/platform-team',
      catalogFiles: 'skip',
      progressiveBatchSize: 10,
    });
    await provider.connect({
      applyMutation: async m =>
        void mutations.push(
          m.type === 'full'
            ? `full ${m.entities.length}`
            : `delta +${m.added.length}`,
        ),
      refresh: async () => {},
    });
    await provider.refresh();
    expect(mutations).toEqual(['delta +10', 'delta +10', 'full 25']);
    // Later sweeps do not stream: they only re-read what changed.
    mutations.length = 0;
    await provider.refresh();
    expect(mutations).toEqual(['full 25']);
  });

  it('leaves out excluded repositories', async () => {
    const { source, provider, connection, lastFull } = setup({
      exclude: ['sandbox-*'],
    });
    source.set({ name: 'sandbox-ada', files: { Dockerfile: '' } });
    source.set({ name: 'orders', files: { Dockerfile: '' } });
    await provider.connect(connection);
    await provider.refresh();
    expect(lastFull().map(e => e.metadata.name)).toEqual(['orders']);
  });

  describe('on a webhook for one repository', () => {
    it('re-inspects it and emits only the difference', async () => {
      const { source, provider, connection, mutations } = setup();
      source.set({
        name: 'lumen',
        files: {
          'services/api/Dockerfile': '',
          'services/worker/Dockerfile': '',
        },
      });
      source.set({ name: 'orders', files: { Dockerfile: '' } });
      await provider.connect(connection);
      await provider.refresh();

      source.set({
        name: 'lumen',
        files: {
          'services/api/Dockerfile': '',
          'services/ingest/Dockerfile': '',
        },
      });
      await provider.refreshRepository('lumen');
      const delta = mutations.pop()!;
      expect(delta.type).toBe('delta');
      expect(delta.added!.map(d => d.entity.metadata.name)).toEqual([
        'lumen',
        'lumen-api',
        'lumen-ingest',
      ]);
      expect(delta.removed!.map(d => d.entity.metadata.name)).toEqual([
        'lumen-worker',
      ]);
      expect(
        delta.added!.every(
          d =>
            d.locationKey ===
            'repo-discovery:orbital:github.com/orbital-data/lumen',
        ),
      ).toBe(true);
    });

    it('drops the old name of a renamed repository', async () => {
      const { source, provider, connection, mutations } = setup();
      source.set({ name: 'orders', files: { Dockerfile: '' } });
      await provider.connect(connection);
      await provider.refresh();
      // GitHub redirects the old name to the renamed repository.
      source.repos.delete('orders');
      source.set({ name: 'order-service', files: { Dockerfile: '' } });
      const renamed = await source.getRepository('order-service');
      source.getRepository = async () => renamed;
      await provider.refreshRepository('orders');
      const delta = mutations.pop()!;
      expect(delta.added!.map(d => d.entity.metadata.name)).toEqual([
        'order-service',
      ]);
      expect(delta.removed!.map(d => d.entity.metadata.name)).toEqual([
        'orders',
      ]);
    });

    it('removes a deleted repository at once', async () => {
      const { source, provider, connection, mutations } = setup();
      source.set({ name: 'orders', files: { Dockerfile: '' } });
      await provider.connect(connection);
      await provider.refresh();
      source.repos.delete('orders');
      await provider.refreshRepository('orders');
      const delta = mutations.pop()!;
      expect(delta.added).toEqual([]);
      expect(delta.removed!.map(d => d.entity.metadata.name)).toEqual([
        'orders',
      ]);
    });
  });

  it('tells listeners which repositories it inferred', async () => {
    const { source, provider, connection } = setup();
    const seen: string[][] = [];
    provider.onInferredRepositories((_, repos) =>
      seen.push(repos.map(r => r.repo.name)),
    );
    source.set({ name: 'orders', files: { Dockerfile: '' } });
    await provider.connect(connection);
    await provider.refresh();
    expect(seen).toEqual([['orders']]);
  });
});
