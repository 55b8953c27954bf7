import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import {
  freePort,
  PortalProcess,
  REPO_ROOT,
} from '../__testUtils__/PortalProcess';
import { waitForExamples } from '../__testUtils__/catalogFixtures';

jest.setTimeout(300_000);

const APP_DIST = path.join(REPO_ROOT, 'packages/app/dist/index.html');
const CHROMIUM = process.env.PORTAL_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO_ROOT, '.cache/screenshots');

/**
 * The portal as a person sees it: the built app served by the backend on the embedded default,
 * driven in Debian's Chromium.
 */
describe('the portal in a browser', () => {
  let portal: PortalProcess;
  let browser: Browser;
  let page: Page;
  let registryPort: number;
  let stopRegistry: (() => void) | undefined;
  let stopKubernetes: (() => void) | undefined;

  beforeAll(async () => {
    if (!fs.existsSync(APP_DIST)) {
      throw new Error(
        'packages/app/dist is missing: build the app first (./portal test does)',
      );
    }
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: apt-get install chromium (./portal test does)`,
      );
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-'));
    execFileSync(process.execPath, [
      path.join(REPO_ROOT, 'scripts/seed-repos.mjs'),
      path.join(dataDir, 'repos'),
    ]);
    // A real OCI registry with the example services' images, as ./portal start runs it.
    registryPort = await freePort();
    const registryEnv = {
      ...process.env,
      PORTAL_DATA_DIR: dataDir,
      PORTAL_REGISTRY_PORT: String(registryPort),
    };
    for (const command of ['start', 'seed']) {
      execFileSync(
        process.execPath,
        [path.join(REPO_ROOT, 'scripts/registry.mjs'), command],
        { env: registryEnv, stdio: 'pipe' },
      );
    }
    stopRegistry = () =>
      execFileSync(
        process.execPath,
        [path.join(REPO_ROOT, 'scripts/registry.mjs'), 'stop'],
        { env: registryEnv, stdio: 'pipe' },
      );
    // The example clusters, simulated as ./portal start does, with the registry's real digests.
    const kubernetesPort = await freePort();
    const simulator = (command: string) =>
      execFileSync(
        process.execPath,
        [
          '--require',
          require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
          path.join(REPO_ROOT, 'scripts/k8s-sim.ts'),
          command,
        ],
        {
          env: { ...registryEnv, PORTAL_K8S_SIM_PORT: String(kubernetesPort) },
          stdio: 'pipe',
        },
      );
    simulator('start');
    stopKubernetes = () => simulator('stop');
    portal = new PortalProcess({
      configs: ['app-config.yaml'],
      port,
      env: {
        NODE_ENV: 'development',
        PORTAL_DATA_DIR: dataDir,
      },
      overlay: {
        app: { baseUrl },
        backend: { cors: { origin: baseUrl } },
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                'dev-cluster',
                'staging-cluster',
                'prod-cluster',
                'piksel-sandbox',
                'piksel-production',
              ].map(name => ({
                name,
                url: `http://127.0.0.1:${kubernetesPort}/clusters/${name}`,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'simulated',
                skipMetricsLookup: true,
              })),
            },
          ],
        },
        containerImages: {
          oci: {
            registries: [
              {
                host: 'registry.local',
                url: `http://127.0.0.1:${registryPort}`,
              },
            ],
          },
        },
      },
    });
    await portal.start();
    // Pages are checked against the whole example organisation, so wait until it is ingested.
    await waitForExamples(portal, await portal.guestToken());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    stopRegistry?.();
    stopKubernetes?.();
  });

  const shot = (name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

  /**
   * A wait that, when it times out, leaves what is needed to see why: the page as it was
   * (`<name>-failed.png`) and the backend's log since the test began.
   */
  const orExplain = async <T>(name: string, step: Promise<T>): Promise<T> => {
    try {
      return await step;
    } catch (error) {
      await shot(`${name}-failed`).catch(() => {});
      const log = portal.logs().split('\n').slice(-120).join('\n');
      throw new Error(
        `${
          (error as Error).message
        }\n--- backend log, last 120 lines ---\n${log}`,
      );
    }
  };

  it('signs in as guest and shows the home page', async () => {
    await page.goto(portal.baseUrl);
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor();
    await enter.click();
    const welcome = page.getByText('Welcome to the Platform Portal');
    await welcome.waitFor();
    await shot('home');
    await expect(welcome.isVisible()).resolves.toBe(true);
    await expect(page.title()).resolves.toContain('Platform Portal');
  });

  it('opens the catalog and lists the example services', async () => {
    await page.goto(
      `${portal.baseUrl}/catalog?filters[kind]=component&filters[user]=all`,
    );
    const heading = page.getByText(/All components \((\d+)\)/i);
    await heading.first().waitFor();
    await shot('catalog');
    // A real organisation, not three placeholders: the table pages through dozens of components.
    await expect(heading.first().textContent()).resolves.toMatch(
      /\((?:[5-9]\d|\d{3,})\)/,
    );
  });

  it("opens a service's page", async () => {
    const services = await portal.fetchJson(
      '/api/catalog/entities/by-query?filter=kind=component,spec.type=service,metadata.annotations.backstage.io/kubernetes-id&limit=1',
      { token: await portal.guestToken() },
    );
    const service = services.items[0];
    expect(service).toBeDefined();
    await page.goto(
      `${portal.baseUrl}/catalog/default/component/${service.metadata.name}`,
    );
    const title = page.getByRole('heading', {
      name: service.metadata.title ?? service.metadata.name,
    });
    await title.first().waitFor();
    await page
      .getByText(service.metadata.description.slice(0, 40))
      .first()
      .waitFor();
    await shot('service');
    await expect(
      page.getByText('Kubernetes', { exact: true }).count(),
    ).resolves.toBeGreaterThan(0);
  });

  it("opens a discovered cluster's page with the GitOps repository and workloads around it", async () => {
    // edge-prod exists only as clusters/edge-prod/ in the edge-fleet-gitops repository.
    await page.goto(`${portal.baseUrl}/catalog/default/resource/edge-prod`);
    const relations = page.getByRole('heading', { name: 'Relations' });
    await relations.waitFor();
    const workload = page.getByText('geo-tiles-service', { exact: true });
    await workload.first().waitFor();
    await page
      .getByText('edge-fleet-gitops', { exact: true })
      .first()
      .waitFor();
    // Cards fade in; let them settle so the screenshot shows what a person sees.
    await page.waitForTimeout(1000);
    await shot('cluster');
    await expect(workload.first().isVisible()).resolves.toBe(true);
    await expect(
      page.getByText('kubernetes-cluster').first().isVisible(),
    ).resolves.toBe(true);
  });

  it('lists repositories nobody wrote a catalog file for', async () => {
    await page.goto(
      `${portal.baseUrl}/catalog?filters[kind]=component&filters[user]=all&filters[text]=geo-tiles`,
    );
    const row = page.getByRole('link', { name: 'geo-tiles-service' });
    await row.first().waitFor();
    await page.waitForTimeout(500);
    await shot('catalog-inferred');
    await expect(row.count()).resolves.toBeGreaterThan(0);
  });

  it("renders the portal's own TechDocs", async () => {
    await page.goto(`${portal.baseUrl}/docs/default/component/platform-portal`);
    // The first visit builds the docs with mkdocs; the reader then shows the rendered index page.
    // Text only the rendered docs contain (docs/index.md), inside the reader's shadow root.
    const rendered = page
      .locator('[data-testid="techdocs-native-shadowroot"]')
      .getByText('./portal start', { exact: false });
    await orExplain('techdocs', rendered.first().waitFor({ timeout: 180_000 }));
    await shot('techdocs');
    await expect(rendered.first().isVisible()).resolves.toBe(true);
  });

  it('scaffolds a service from the form and then finds it in the catalog', async () => {
    await page.goto(`${portal.baseUrl}/create`);
    await page.getByText('Node.js service (TypeScript)').first().waitFor();
    await shot('create');
    await page.goto(`${portal.baseUrl}/create/templates/default/node-service`);
    // A repository the catalog already has is refused in the form, before anything runs.
    const name = page.getByLabel('Name');
    await name.fill('geo-tiles-service');
    await page
      .getByLabel('Description')
      .fill('Tracks parcels from the warehouse to the door.');
    // The owner is picked from the catalog's groups.
    const owner = page.getByRole('textbox', { name: 'Owner' });
    await owner.click();
    await owner.pressSequentially('Shop Backend');
    // The list filters as the groups load and the keys arrive. Pick once the one match is all that
    // is left: on a loaded machine a list still re-rendering moved its parent team, "Commerce
    // (Orbital Shop)", under the click.
    const options = page.getByRole('option');
    const settled = async () =>
      (await options.count()) === 1 &&
      ((await options.first().textContent()) ?? '').includes('Shop Backend');
    for (let i = 0; i < 100 && !(await settled()); i++) {
      await page.waitForTimeout(100);
    }
    await orExplain('create-owner', options.first().click());
    await expect(owner.inputValue()).resolves.toBe(
      'group:default/shop-backend',
    );
    await page.getByRole('button', { name: 'Next' }).click();
    await page
      .getByText(/"geo-tiles-service" is already taken/)
      .first()
      .waitFor();
    await shot('create-name-taken');
    await name.fill('parcel-tracker');
    await page.getByRole('button', { name: 'Next' }).click();

    // The form refuses a malformed AWS account before anything runs.
    const account = page.getByLabel('AWS account ID');
    await account.fill('1234');
    await page.getByRole('button', { name: 'Review' }).click();
    await page
      .getByText(/does not match pattern|must match pattern/i)
      .first()
      .waitFor();
    await shot('create-invalid');
    await account.fill('104729384756');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    const open = page.getByRole('link', { name: 'Open in catalog' });
    await orExplain('create-done', open.waitFor({ timeout: 120_000 }));
    await shot('create-done');
    await open.click();
    // publish:local announces the repository; the discovery catalogs it within seconds.
    const description = page
      .getByText('Tracks parcels from the warehouse to the door.')
      .first();
    // The owner's name appears once the catalog has stitched the ownership relation.
    const ownerName = page.getByText('Shop Backend').first();
    const shown = async () =>
      (await description.isVisible()) && (await ownerName.isVisible());
    for (let i = 0; i < 30 && !(await shown()); i++) {
      await page.waitForTimeout(2_000);
      await page.reload();
      await page.waitForLoadState('networkidle').catch(() => {});
    }
    await orExplain('create-in-catalog', description.waitFor());
    await orExplain('create-in-catalog', ownerName.waitFor());
    await shot('create-in-catalog');
    await expect(
      page.getByRole('heading', { name: 'parcel-tracker' }).count(),
    ).resolves.toBeGreaterThan(0);
    await expect(
      page.getByText('Shop Backend').count(),
    ).resolves.toBeGreaterThan(0);

    // Its TechDocs build from the new local repository (LocalGitUrlReader) on the first visit.
    await page.goto(`${portal.baseUrl}/docs/default/component/parcel-tracker`);
    const docs = page
      .locator('[data-testid="techdocs-native-shadowroot"]')
      .getByText('without runtime dependencies', { exact: false });
    await orExplain(
      'create-techdocs',
      docs.first().waitFor({ timeout: 180_000 }),
    );
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.waitForTimeout(1_000);
    await shot('create-techdocs');
    await expect(docs.first().isVisible()).resolves.toBe(true);
  });

  it("shows a service's images: classes, the latest stable and snapshot, and a registry that fails on its own", async () => {
    await page.goto(
      `${portal.baseUrl}/catalog/default/component/shop-order-service`,
    );
    // The card on the overview: the latest release and snapshot from the real registry.
    const card = page.getByText('Container images').first();
    await card.waitFor();
    const latest = page.getByText('Latest stable').first();
    await latest.waitFor();
    await latest.scrollIntoViewIfNeeded();
    await shot('images-card');
    // The tab: every tag with its class; ECR (no AWS credentials here) fails on its own.
    await page.goto(
      `${portal.baseUrl}/catalog/default/component/shop-order-service/images`,
    );
    await page.getByText('registry.local/shop/order-service').first().waitFor();
    await page.getByText('2.4.1').first().waitFor();
    await page.waitForLoadState('networkidle').catch(() => {});
    await shot('images-tab');
    await expect(page.getByText(/SNAPSHOT/).count()).resolves.toBeGreaterThan(
      0,
    );
    await expect(
      page.getByText(/Could not|CredentialsError|credentials/i).count(),
    ).resolves.toBeGreaterThan(0);
  });

  it("opens an infrastructure component's plan: counts, callouts, and an attribute diff with sensitive values masked", async () => {
    await page.goto(
      `${portal.baseUrl}/catalog/default/component/piksel-infra-shared-resources/terraform`,
    );
    // Plans by environment, each with its counts bar.
    const open = page.getByRole('link', { name: 'View plan' });
    await open.first().waitFor();
    await page
      .getByText(/to add|to change|to destroy|to replace/)
      .first()
      .waitFor();
    await shot('terraform-plans');
    await open.first().click();
    await page.getByRole('link', { name: 'All plans' }).waitFor();
    await page.getByRole('table', { name: 'resource changes' }).waitFor();
    await shot('terraform-plan');
    // The first resource's attributes: a diff, loaded on demand.
    const expand = page.getByRole('button', { name: /^Show attributes of / });
    await expand.first().click();
    await page
      .getByRole('table', { name: 'attribute changes' })
      .first()
      .waitFor();
    await shot('terraform-plan-diff');
    // No secret of the example plans reaches the browser.
    const html = await page.content();
    for (const secret of ['Sbx-datacube-7Qw2', 'flux-sandbox-2025-09']) {
      expect(html).not.toContain(secret);
    }
  });

  it("answers what runs where on a service's Deployments tab: tags, classes, Flux revisions and chips", async () => {
    await page.goto(
      `${portal.baseUrl}/catalog/default/component/piksel-ows/deployments`,
    );
    const table = page.getByRole('table', {
      name: 'Deployments',
      exact: true,
    });
    await table.waitFor();
    // One row per environment: the sandbox runs the dev build, production the releases.
    await table.getByText('1.9.3-SNAPSHOT').first().waitFor();
    await expect(table.getByText('1.9.1').first().isVisible()).resolves.toBe(
      true,
    );
    await expect(table.getByText('snapshot').first().isVisible()).resolves.toBe(
      true,
    );
    await expect(table.getByText('stable').first().isVisible()).resolves.toBe(
      true,
    );
    // The Kustomization that applied it, its chip, and its revision linked to the commit.
    await expect(
      table.getByText('apps-geo-services').first().isVisible(),
    ).resolves.toBe(true);
    const commit = table
      .locator(
        'a[href^="https://github.com/piksel-eo/piksel-kubernetes/commit/"]',
      )
      .first();
    await commit.waitFor();
    await expect(commit.innerText()).resolves.toMatch(/^main@[0-9a-f]{7}\b/);
    await expect(table.getByText(/ready/i).first().isVisible()).resolves.toBe(
      true,
    );
    // The summary counts above the table.
    await expect(page.getByText('2 environments').isVisible()).resolves.toBe(
      true,
    );
    await shot('flux-deployments');
  });

  it("shows everything Flux runs on a cluster, with the controllers' health and a failure's reason", async () => {
    await page.goto(
      `${portal.baseUrl}/catalog/default/resource/piksel-production/flux`,
    );
    await page
      .getByRole('region', { name: 'Flux controllers' })
      .or(page.getByLabel('Flux controllers'))
      .first()
      .waitFor();
    await page.getByText('kustomize-controller').first().waitFor();
    const objects = page.getByRole('table', { name: 'Flux objects' });
    await objects.waitFor();
    // Problems first: the failed datacube apps, with the controller's reason.
    await objects.getByText('apps-datacube').first().waitFor();
    await expect(
      objects
        .getByText(/BuildFailed/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expect(
      objects
        .locator('a[href*="github.com/piksel-eo/piksel-kubernetes/commit/"]')
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await shot('flux-cluster');
  });
});
