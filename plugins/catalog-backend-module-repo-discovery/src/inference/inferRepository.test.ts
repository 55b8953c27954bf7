import { createMockDirectory } from '@backstage/backend-test-utils';
import path from 'node:path';
import {
  CreateGitRepoOptions,
  GitFiles,
  createGitRepo,
} from '../__testUtils__/gitRepos';
import { LocalGitRepoSource } from '../sources/LocalGitRepoSource';
import { InferredRepository, RepoContents } from '../types';
import { inferRepository } from './inferRepository';

// Real-shaped repositories of the organisations the portal serves (Piksel EO, DoKa Seca, the
// Lumen mono-repo, the Git Flow shop), built as real git repositories and read through
// LocalGitRepoSource, as the portal reads the repositories its templates push to.

const fluxKustomization = (
  name: string,
  target: string,
) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  path: ${target}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`;

const kustomize = (...resources: string[]) =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources
    .map(r => `  - ${r}\n`)
    .join('')}`;

const helmRelease = (name: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
spec:
  interval: 10m
  chart:
    spec:
      chart: ${name}
      sourceRef: { kind: HelmRepository, name: piksel, namespace: flux-system }
`;

function fluxCluster(env: string): GitFiles {
  return {
    [`clusters/${env}/flux-system/gotk-components.yaml`]:
      '# Flux controllers and CRDs (generated)\n',
    [`clusters/${env}/flux-system/gotk-sync.yaml`]: fluxKustomization(
      'flux-system',
      `./clusters/${env}`,
    ),
    [`clusters/${env}/flux-system/kustomization.yaml`]: kustomize(
      'gotk-components.yaml',
      'gotk-sync.yaml',
    ),
    [`clusters/${env}/infrastructure.yaml`]: fluxKustomization(
      'infrastructure',
      './infrastructure/controllers',
    ),
    [`clusters/${env}/apps.yaml`]: fluxKustomization('apps', `./apps/${env}`),
  };
}

const REPOS: Record<
  string,
  { files: GitFiles; options?: CreateGitRepoOptions }
> = {
  // A TypeScript service: container, Kubernetes manifests, image pushed to ECR by a workflow.
  'piksel-geo-tiles': {
    options: {
      bare: true,
      config: { 'platform-portal.topics': 'piksel,geo,Not A Tag!' },
    },
    files: {
      'package.json': JSON.stringify(
        {
          name: 'piksel-geo-tiles',
          version: '1.4.0',
          private: true,
          main: 'dist/server.js',
          scripts: {
            build: 'tsc',
            start: 'node dist/server.js',
            test: 'node --test',
          },
          dependencies: { fastify: '^5.0.0' },
          devDependencies: { typescript: '^5.6.0', '@types/node': '^22.0.0' },
        },
        null,
        2,
      ),
      'tsconfig.json':
        '{ "compilerOptions": { "outDir": "dist", "strict": true } }\n',
      'src/server.ts':
        "import Fastify from 'fastify';\nconst app = Fastify();\napp.listen({ port: 8080 });\n",
      'src/tiles.ts': 'export const tileSize = 256;\n',
      'test/server.test.ts': "import test from 'node:test';\n",
      Dockerfile:
        'FROM node:22-bookworm-slim AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:22-bookworm-slim\nCOPY --from=build /app/dist ./dist\nCMD ["node", "dist/server.js"]\n',
      'k8s/kustomization.yaml': kustomize('deployment.yaml', 'service.yaml'),
      'k8s/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: piksel-geo-tiles\nspec:\n  replicas: 2\n',
      'k8s/service.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: piksel-geo-tiles\n',
      CODEOWNERS:
        '*       @piksel-eo/piksel-web\n/k8s/   @piksel-eo/piksel-web @piksel-eo/piksel-platform\n',
      '.github/workflows/ci.yml':
        'name: ci\non: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci && npm test\n',
      '.github/workflows/release.yml': `name: release
on:
  push:
    branches: [main, develop]
env:
  ECR_REPOSITORY: piksel/geo-tiles
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::730335468112:role/piksel-github-release
          aws-region: ap-southeast-3
      - uses: aws-actions/amazon-ecr-login@v2
        id: ecr
      - run: docker build -t "\${{ steps.ecr.outputs.registry }}/$ECR_REPOSITORY:\${{ github.sha }}" .
`,
      'README.md': '# Piksel geo tiles\n',
    },
  },

  // A Git Flow Java service: Maven, container, Helm chart; `develop` is the default branch.
  'shop-orders': {
    options: { bare: true, branch: 'develop' },
    files: {
      'pom.xml':
        '<project><modelVersion>4.0.0</modelVersion><groupId>com.orbitaldata.shop</groupId><artifactId>shop-orders</artifactId><version>1.1.0-SNAPSHOT</version></project>\n',
      'src/main/java/com/orbitaldata/shop/orders/OrdersApplication.java':
        'public class OrdersApplication {}\n',
      'src/main/resources/application.yml': 'server:\n  port: 8080\n',
      'src/test/java/com/orbitaldata/shop/orders/OrdersApplicationTest.java':
        'class OrdersApplicationTest {}\n',
      Dockerfile:
        'FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n',
      'helm/shop-orders/Chart.yaml':
        'apiVersion: v2\nname: shop-orders\nversion: 1.1.0\n',
      'helm/shop-orders/values.yaml': 'image:\n  repository: shop/orders\n',
      'helm/shop-orders/templates/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "shop-orders.fullname" . }}\n',
      '.github/CODEOWNERS': '* @orbital-data/shop-backend\n',
      '.github/workflows/build.yml': `name: build
on: { push: { branches: [main, develop] } }
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/amazon-ecr-login@v2
      - run: mvn -B package
      - run: docker build -t 925617348870.dkr.ecr.eu-central-1.amazonaws.com/shop/orders:\${{ github.sha }} .
      - run: docker push 925617348870.dkr.ecr.eu-central-1.amazonaws.com/shop/orders:\${{ github.sha }}
`,
    },
  },

  // Shared TypeScript components: vite and react, but published with main/exports.
  'shop-ui-kit': {
    files: {
      'package.json': JSON.stringify({
        name: '@orbital-data/shop-ui-kit',
        version: '2.3.0',
        main: 'dist/index.js',
        exports: { '.': './dist/index.js' },
        types: 'dist/index.d.ts',
        peerDependencies: { react: '^18.0.0' },
        devDependencies: {
          typescript: '^5.6.0',
          vite: '^5.4.0',
          react: '^18.3.0',
        },
      }),
      'tsconfig.json': '{}\n',
      'src/index.ts': "export * from './Button';\n",
      'src/Button.tsx': 'export const Button = () => null;\n',
      'docs/CODEOWNERS': '* @orbital-data/shop-frontend\n',
      'docs/usage.md': '# Usage\n',
    },
  },

  // A Python library.
  'lumen-features': {
    files: {
      'pyproject.toml':
        '[project]\nname = "lumen-features"\nversion = "0.8.0"\nrequires-python = ">=3.11"\n',
      'src/lumen_features/__init__.py': '',
      'src/lumen_features/ndvi.py':
        'def ndvi(red, nir):\n    return (nir - red) / (nir + red)\n',
      'tests/test_ndvi.py': 'from lumen_features.ndvi import ndvi\n',
      'README.md': '# Lumen features\n',
    },
  },

  // Terraform with an HCP Terraform cloud block, planned by GitHub Actions.
  'piksel-infra': {
    options: { bare: true, config: { 'platform-portal.topics': 'aws,iac' } },
    files: {
      'terraform/versions.tf': `terraform {
  required_version = ">= 1.9"
  cloud {
    organization = "piksel"
    workspaces {
      name = "piksel-infra-shared-prod"
    }
  }
}
`,
      'terraform/main.tf':
        'module "vpc" {\n  source = "./modules/vpc"\n}\nmodule "ecr" {\n  source = "./modules/ecr"\n}\n',
      'terraform/variables.tf':
        'variable "region" { default = "ap-southeast-3" }\n',
      'terraform/modules/vpc/main.tf':
        'resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }\n',
      'terraform/modules/ecr/main.tf':
        'resource "aws_ecr_repository" "core" { name = "piksel/core" }\n',
      '.github/workflows/terraform.yml': `name: terraform
on: [pull_request]
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: hashicorp/setup-terraform@v3
      - run: terraform -chdir=terraform init
      - run: terraform -chdir=terraform plan -out=tfplan
`,
      CODEOWNERS: '* @piksel-eo/piksel-platform\n',
      'README.md': '# piksel-infra\n',
    },
  },

  // Flux GitOps: three clusters, each syncing an overlay of apps/base, plus Terraform for EKS.
  'piksel-kubernetes': {
    files: {
      ...fluxCluster('dev'),
      ...fluxCluster('staging'),
      ...fluxCluster('prod'),
      'apps/base/jupyterhub/kustomization.yaml': kustomize('release.yaml'),
      'apps/base/jupyterhub/release.yaml': helmRelease('jupyterhub'),
      'apps/base/ows/kustomization.yaml': kustomize('release.yaml'),
      'apps/base/ows/release.yaml': helmRelease('ows'),
      'apps/base/stac/kustomization.yaml': kustomize('release.yaml'),
      'apps/base/stac/release.yaml': helmRelease('stac'),
      'apps/dev/kustomization.yaml': kustomize(
        '../base/jupyterhub',
        '../base/ows',
        '../base/stac',
      ),
      'apps/staging/kustomization.yaml': kustomize(
        '../base/ows',
        '../base/stac',
        'ows-values.yaml',
      ),
      'apps/staging/ows-values.yaml': 'replicas: 1\n',
      'apps/prod/kustomization.yaml': kustomize(
        '../base/jupyterhub',
        '../base/ows',
        '../base/stac',
      ),
      'infrastructure/controllers/kustomization.yaml': kustomize(
        'metrics-server.yaml',
      ),
      'infrastructure/controllers/metrics-server.yaml':
        helmRelease('metrics-server'),
      'terraform/versions.tf':
        'terraform {\n  cloud {\n    organization = "piksel"\n    workspaces {\n      tags = ["piksel-kubernetes"]\n    }\n  }\n}\n',
      'terraform/eks.tf':
        'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n}\n',
      '.github/workflows/terraform.yml':
        'jobs:\n  plan:\n    steps:\n      - run: terraform plan\n',
      CODEOWNERS:
        '* @piksel-eo/piksel-platform\n/apps/ @piksel-eo/piksel-science\n',
    },
  },

  // Argo CD ApplicationSets for platform add-ons, without a clusters/ directory.
  'dokaseca-addons': {
    files: {
      'appsets/observability/victoria-metrics.yaml': `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: victoria-metrics
  namespace: argocd
spec:
  generators:
    - clusters: { selector: { matchLabels: { addons: enabled } } }
  template:
    metadata: { name: '{{name}}-victoria-metrics' }
    spec:
      source: { repoURL: https://victoriametrics.github.io/helm-charts, chart: victoria-metrics-k8s-stack }
`,
      'appsets/security/kyverno.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: kyverno\n',
      'values/dev/victoria-metrics.yaml': 'retentionPeriod: 7d\n',
      'values/production/victoria-metrics.yaml': 'retentionPeriod: 90d\n',
      'README.md': '# DoKa Seca add-ons\n',
    },
  },

  // A Hugo site, a plain static site, and a Next.js storefront.
  'piksel-website': {
    files: {
      'hugo.toml':
        'baseURL = "https://piksel.example.org/"\ntitle = "Piksel"\n',
      'content/_index.md': '# Piksel\n',
      'content/about.md': '# About\n',
      'layouts/index.html': '<html>{{ .Content }}</html>\n',
      'static/images/logo.svg': '<svg/>\n',
      '.github/workflows/deploy.yml':
        'jobs:\n  deploy:\n    steps:\n      - run: hugo --minify\n',
    },
  },
  'status-site': {
    files: {
      'public/index.html': '<!doctype html><h1>All systems operational</h1>\n',
      'public/style.css': 'h1 { color: green; }\n',
      CODEOWNERS: '* @orbital-data/sre\n',
    },
  },
  'shop-storefront': {
    files: {
      'package.json': JSON.stringify({
        name: 'shop-storefront',
        private: true,
        scripts: { dev: 'next dev', build: 'next build' },
        dependencies: {
          next: '^15.0.0',
          react: '^19.0.0',
          'react-dom': '^19.0.0',
        },
        devDependencies: { typescript: '^5.6.0' },
      }),
      'tsconfig.json': '{}\n',
      'app/page.tsx': 'export default function Page() { return null; }\n',
      'public/favicon.ico': 'icon',
    },
  },

  // Documentation: with mkdocs.yml, and a coordination repository of Markdown only.
  runbooks: {
    files: {
      'mkdocs.yml':
        'site_name: Runbooks\nnav:\n  - Home: index.md\n  - Paging: paging.md\n',
      'docs/index.md': '# Runbooks\n',
      'docs/paging.md': '# Paging\n',
      'docs/img/escalation.png': 'PNG',
      CODEOWNERS: '* @orbital-data/sre\n',
    },
  },
  'piksel-meta': {
    files: {
      'docs/architecture/overview.md': '# Architecture\n',
      'docs/deployment/guide.md': '# Deployment\n',
      'docs/operations/day-2.md': '# Day 2\n',
      'scripts/sync-labels.sh': '#!/bin/sh\ngh label sync\n',
      'README.md': '# Piksel meta\n',
    },
  },

  // The ODC core image: its Dockerfile lives in docker/.
  'piksel-core': {
    files: {
      'docker/Dockerfile':
        'FROM ghcr.io/osgeo/gdal:ubuntu-small-3.9.0\nRUN pip install datacube odc-tools\n',
      'docker/docker-compose.yml': 'services:\n  datacube: { build: . }\n',
      'products/sentinel-2.yaml': 'name: s2_l2a\n',
      'scripts/index.py': 'import datacube\n',
      'requirements.txt': 'datacube==1.9.0\n',
    },
  },

  // The mono-repo of the seed: libs/, services/, web/, dags/, deploy/, infrastructure/.
  lumen: {
    options: { bare: true },
    files: {
      'libs/db/pyproject.toml':
        '[project]\nname = "lumen-db"\ndependencies = ["sqlalchemy>=2", "alembic"]\n',
      'libs/db/lumen_db/__init__.py': '',
      'libs/db/lumen_db/session.py': 'from sqlalchemy import create_engine\n',
      'libs/cloud/pyproject.toml':
        '[project]\nname = "lumen-cloud"\ndependencies = ["boto3"]\n',
      'libs/cloud/lumen_cloud/s3.py': 'import boto3\n',
      'services/api/Dockerfile':
        'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "app.main:app"]\n',
      'services/api/pyproject.toml':
        '[project]\nname = "lumen-api"\ndependencies = ["fastapi", "uvicorn"]\n',
      'services/api/app/main.py':
        'from fastapi import FastAPI\napp = FastAPI()\n',
      'services/api/k8s/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lumen-api\n  labels:\n    backstage.io/kubernetes-id: lumen-reports-api\n',
      'services/worker/Dockerfile':
        'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "-m", "worker"]\n',
      'services/worker/requirements.txt': 'celery==5.4.0\n',
      'services/worker/worker/__main__.py': 'print("working")\n',
      'web/package.json': JSON.stringify({
        name: 'lumen-web',
        private: true,
        scripts: { dev: 'vite', build: 'tsc && vite build' },
        dependencies: { react: '^18.3.0', 'react-dom': '^18.3.0' },
        devDependencies: {
          vite: '^5.4.0',
          '@vitejs/plugin-react': '^4.3.0',
          typescript: '^5.6.0',
        },
      }),
      'web/index.html': '<div id="root"></div>\n',
      'web/tsconfig.json': '{}\n',
      'web/src/main.tsx': "import App from './App';\n",
      'web/src/App.tsx': 'export default function App() { return null; }\n',
      'dags/etl_daily.py':
        'from airflow import DAG\n\nwith DAG("etl_daily"):\n    pass\n',
      'dags/reports_weekly.py': 'import airflow\n',
      'config/dev.yaml': 'database: lumen_dev\n',
      'config/prod.yaml': 'database: lumen\n',
      'deploy/base/kustomization.yaml': kustomize('api.yaml', 'worker.yaml'),
      'deploy/base/api.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lumen-api\n',
      'deploy/base/worker.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lumen-worker\n',
      'deploy/overlays/prod/kustomization.yaml': kustomize('../../base'),
      'infrastructure/main.tf': 'module "eks" { source = "./modules/eks" }\n',
      'infrastructure/versions.tf':
        'terraform {\n  cloud {\n    organization = "lumen"\n    workspaces { name = "lumen-prod" }\n  }\n}\n',
      'infrastructure/modules/eks/main.tf':
        'resource "aws_eks_cluster" "this" {}\n',
      'scripts/backfill.py': 'print("backfill")\n',
      'README.md': '# Lumen\n',
      CODEOWNERS: [
        '*                 @orbital-data/lumen-data-engineering',
        '*.md              @orbital-data/tech-writers',
        '/services/        @orbital-data/lumen-backend',
        '/web/             @orbital-data/lumen-frontend',
        '/infrastructure/  @orbital-data/cloud-infrastructure',
        '',
      ].join('\n'),
      '.github/workflows/build.yml': `name: build
on: [push]
jobs:
  images:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/amazon-ecr-login@v2
      - run: docker build -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lumen/api:\${{ github.sha }} services/api
      - run: docker build -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lumen/worker:\${{ github.sha }} services/worker
`,
      '.github/workflows/terraform.yml':
        'jobs:\n  plan:\n    steps:\n      - run: terraform -chdir=infrastructure plan\n',
    },
  },

  // Colliding part names.
  'shop-platform': {
    files: {
      'services/api/Dockerfile': 'FROM node:22\n',
      'services/shop-platform/Dockerfile': 'FROM node:22\n',
      'functions/api/go.mod': 'module api\n',
    },
  },

  // Describes itself.
  'checkout-service': {
    files: {
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: checkout-service\nspec:\n  type: service\n  owner: shop-backend\n  lifecycle: production\n',
      'pom.xml': '<project/>\n',
      Dockerfile: 'FROM eclipse-temurin:21-jre\n',
      'k8s/deployment.yaml': 'kind: Deployment\n',
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps/prod'),
      CODEOWNERS: '* @orbital-data/shop-backend\n',
    },
  },

  // Nothing pushed yet.
  fresh: { files: {}, options: { bare: true } },

  // A mono-repo whose newest part (added by the mono-repo template) describes itself.
  'lumen-described': {
    options: { bare: true },
    files: {
      'libs/db/pyproject.toml': '[project]\nname = "lumen-db"\n',
      'services/api/Dockerfile': 'FROM python:3.12-slim\n',
      'services/api/pyproject.toml': '[project]\nname = "lumen-api"\n',
      'services/anomaly/Dockerfile': 'FROM python:3.12-slim\n',
      'services/anomaly/pyproject.toml': '[project]\nname = "lumen-anomaly"\n',
      'services/anomaly/catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: lumen-anomaly }\n',
    },
  },

  // Archived, still catalogued.
  'legacy-ftp-gateway': {
    options: {
      bare: true,
      config: {
        'platform-portal.archived': 'true',
        'platform-portal.topics': 'legacy,ftp',
      },
    },
    files: {
      Dockerfile: 'FROM alpine:3.12\nRUN apk add vsftpd\nCMD ["vsftpd"]\n',
      CODEOWNERS: '* @orbital-data/shop-backend\n',
    },
  },
};

describe('inferRepository', () => {
  const mockDir = createMockDirectory();
  let source: LocalGitRepoSource;
  const readCounts = new Map<string, number>();

  beforeAll(async () => {
    const dir = path.join(mockDir.path, 'repos');
    for (const [name, { files, options }] of Object.entries(REPOS)) {
      await createGitRepo(dir, name, files, options);
    }
    source = new LocalGitRepoSource({ directory: dir });
  });

  /** Infers one repository, counting the files the inference reads. */
  async function infer(name: string) {
    const repo = (await source.getRepository(name))!;
    const contents = await source.readContents(repo);
    const reads: string[] = [];
    const counted: RepoContents = {
      paths: contents.paths,
      readFile: async file => {
        reads.push(file);
        return contents.readFile(file);
      },
    };
    const result = await inferRepository(repo, counted);
    readCounts.set(name, reads.length);
    const component = (componentName: string) =>
      result.components.find(c => c.name === componentName)!;
    return { result, reads, component, only: result.components[0] };
  }

  it('infers a container service from a Dockerfile and k8s manifests, with its ECR repository', async () => {
    const { result, only, reads } = await infer('piksel-geo-tiles');
    expect(result).toMatchObject({ monorepo: false, clusters: [] });
    expect(result.catalogFile).toBeUndefined();
    expect(result.components).toHaveLength(1);
    expect(only).toEqual({
      name: 'piksel-geo-tiles',
      path: '',
      type: 'service',
      language: 'typescript',
      evidence: [
        'Dockerfile',
        'Kubernetes manifests in k8s/ (Deployment)',
        'package.json',
        'pushes images to ECR arn:aws:ecr:ap-southeast-3:730335468112:repository/piksel/geo-tiles in .github/workflows/release.yml',
      ],
      codeOwners: ['group:default/piksel-web'],
      annotations: {
        'backstage.io/kubernetes-id': 'piksel-geo-tiles',
        'platform-portal.io/ecr-repositories':
          'arn:aws:ecr:ap-southeast-3:730335468112:repository/piksel/geo-tiles',
      },
      // GitHub topics that are valid tags come last; "not a tag!" is dropped.
      tags: ['typescript', 'docker', 'kubernetes', 'piksel', 'geo'],
    });
    expect(reads.sort()).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/release.yml',
      'CODEOWNERS',
      'k8s/deployment.yaml',
      'package.json',
    ]);
  });

  it('infers a Java service deployed by a Helm chart on a Git Flow develop branch', async () => {
    const { result, only } = await infer('shop-orders');
    expect(result.repo.defaultBranch).toBe('develop');
    expect(only).toMatchObject({
      name: 'shop-orders',
      type: 'service',
      language: 'java',
      codeOwners: ['group:default/shop-backend'],
      annotations: {
        'backstage.io/kubernetes-id': 'shop-orders',
        'platform-portal.io/ecr-repositories':
          'arn:aws:ecr:eu-central-1:925617348870:repository/shop/orders',
      },
      tags: ['java', 'docker', 'kubernetes', 'helm'],
    });
    expect(only.evidence).toEqual([
      'Dockerfile',
      'Helm chart in helm/shop-orders/',
      'pom.xml',
      'pushes images to ECR arn:aws:ecr:eu-central-1:925617348870:repository/shop/orders in .github/workflows/build.yml',
    ]);
  });

  it('infers a TypeScript library from a package.json with exports, even with vite and react', async () => {
    const { only, reads } = await infer('shop-ui-kit');
    expect(only).toEqual({
      name: 'shop-ui-kit',
      path: '',
      type: 'library',
      language: 'typescript',
      evidence: ['package.json'],
      codeOwners: ['group:default/shop-frontend'],
      annotations: {},
      tags: ['typescript'],
    });
    expect(reads.sort()).toEqual(['docs/CODEOWNERS', 'package.json']);
  });

  it('infers a Python library from pyproject.toml without reading a file', async () => {
    const { only, reads } = await infer('lumen-features');
    expect(only).toMatchObject({
      name: 'lumen-features',
      type: 'library',
      language: 'python',
      evidence: ['pyproject.toml'],
      codeOwners: [],
      tags: ['python'],
    });
    expect(reads).toEqual([]);
  });

  it('infers Terraform infrastructure with its HCP Terraform workspace and plan artifacts', async () => {
    const { only, reads } = await infer('piksel-infra');
    expect(only).toEqual({
      name: 'piksel-infra',
      path: '',
      type: 'infrastructure',
      language: 'terraform',
      evidence: [
        'Terraform: 5 files in terraform/',
        'HCP Terraform workspace piksel/piksel-infra-shared-prod in terraform/versions.tf',
        'terraform plan in .github/workflows/terraform.yml',
      ],
      codeOwners: ['group:default/piksel-platform'],
      annotations: {
        'platform-portal.io/terraform-workspaces':
          'piksel/piksel-infra-shared-prod',
        'platform-portal.io/terraform-artifacts': 'github',
      },
      tags: ['terraform', 'aws', 'iac'],
    });
    // Only the block files of terraform/ are read, and only until the cloud block is found.
    expect(reads.sort()).toEqual([
      '.github/workflows/terraform.yml',
      'CODEOWNERS',
      'terraform/versions.tf',
    ]);
  });

  it('infers a Flux GitOps repository and the clusters, environments and workloads it drives', async () => {
    const { result, only, reads } = await infer('piksel-kubernetes');
    expect(result.monorepo).toBe(false);
    expect(only).toMatchObject({
      name: 'piksel-kubernetes',
      type: 'gitops',
      codeOwners: ['group:default/piksel-platform'],
      annotations: {
        'platform-portal.io/flux-kustomizations':
          'flux-system/apps,flux-system/flux-system,flux-system/infrastructure',
        'platform-portal.io/terraform-workspaces':
          'piksel/tags:piksel-kubernetes',
        'platform-portal.io/terraform-artifacts': 'github',
      },
      tags: ['kubernetes', 'terraform', 'flux'],
    });
    expect(only.language).toBeUndefined();
    expect(only.evidence[0]).toBe('clusters in clusters/: dev, prod, staging');
    expect(only.evidence).toContain(
      'Flux Kustomizations flux-system/apps, flux-system/flux-system, flux-system/infrastructure',
    );

    const kustomizations = [
      'flux-system/apps',
      'flux-system/flux-system',
      'flux-system/infrastructure',
    ];
    expect(result.clusters).toEqual([
      {
        name: 'dev',
        path: 'clusters/dev',
        environment: 'dev',
        fluxKustomizations: kustomizations,
        workloads: ['jupyterhub', 'ows', 'stac'],
      },
      {
        name: 'prod',
        path: 'clusters/prod',
        environment: 'prod',
        fluxKustomizations: kustomizations,
        workloads: ['jupyterhub', 'ows', 'stac'],
      },
      {
        name: 'staging',
        path: 'clusters/staging',
        environment: 'staging',
        fluxKustomizations: kustomizations,
        workloads: ['ows', 'stac'],
      },
    ]);
    // Flux's generated components are never read; the bootstrap is recognised by name.
    expect(reads).not.toContain(
      'clusters/prod/flux-system/gotk-components.yaml',
    );
    expect(reads.length).toBeLessThanOrEqual(12);
  });

  it('infers GitOps from Argo CD ApplicationSets when there is no clusters/ directory', async () => {
    const { result, only } = await infer('dokaseca-addons');
    expect(only).toMatchObject({
      name: 'dokaseca-addons',
      type: 'gitops',
      evidence: [
        'Argo CD Applications in appsets/observability/victoria-metrics.yaml, appsets/security/kyverno.yaml',
      ],
      annotations: {},
      tags: ['kubernetes', 'argocd'],
    });
    expect(result.clusters).toEqual([]);
  });

  it('infers websites: Hugo, a plain static site, and a Next.js app', async () => {
    const hugo = (await infer('piksel-website')).only;
    expect(hugo).toMatchObject({
      type: 'website',
      language: 'hugo',
      evidence: ['Hugo site: hugo.toml and content/'],
      tags: ['hugo'],
    });
    const status = (await infer('status-site')).only;
    expect(status).toMatchObject({
      type: 'website',
      language: 'html',
      evidence: ['static site: public/index.html'],
      codeOwners: ['group:default/sre'],
    });
    const storefront = (await infer('shop-storefront')).only;
    expect(storefront).toMatchObject({
      type: 'website',
      language: 'typescript',
      evidence: ['package.json depends on next and has no main/exports'],
    });
  });

  it('infers documentation from mkdocs.yml, with TechDocs, or from docs/ of Markdown only', async () => {
    const runbooks = (await infer('runbooks')).only;
    expect(runbooks).toEqual({
      name: 'runbooks',
      path: '',
      type: 'documentation',
      evidence: ['mkdocs.yml', 'docs/ holds only Markdown'],
      codeOwners: ['group:default/sre'],
      annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
      tags: [],
    });
    const meta = (await infer('piksel-meta')).only;
    expect(meta).toMatchObject({
      type: 'documentation',
      evidence: ['docs/ holds only Markdown'],
      annotations: {},
    });
  });

  it('leaves a mono-repo part with its own catalog file to that file', async () => {
    const { result } = await infer('lumen-described');
    expect(result.monorepo).toBe(true);
    expect(result.components.map(c => c.path)).toEqual([
      'libs/db',
      'services/api',
    ]);
    expect(result.partCatalogFiles).toEqual([
      'services/anomaly/catalog-info.yaml',
    ]);
  });

  it('infers a service from docker/Dockerfile', async () => {
    const { only } = await infer('piksel-core');
    expect(only).toMatchObject({
      name: 'piksel-core',
      type: 'service',
      language: 'python',
      evidence: ['docker/Dockerfile'],
      tags: ['python', 'docker'],
    });
  });

  it('infers a mono-repo: one component per part, with its own type, owners and annotations', async () => {
    const { result, component, reads } = await infer('lumen');
    expect(result.monorepo).toBe(true);
    expect(
      result.components.map(c => [c.path, c.name, c.type, c.language]),
    ).toEqual([
      ['dags', 'lumen-dags', 'other', 'python'],
      ['deploy', 'lumen-deploy', 'gitops', undefined],
      ['infrastructure', 'lumen-infrastructure', 'infrastructure', 'terraform'],
      ['libs/cloud', 'lumen-cloud', 'library', 'python'],
      ['libs/db', 'lumen-db', 'library', 'python'],
      ['services/api', 'lumen-api', 'service', 'python'],
      ['services/worker', 'lumen-worker', 'service', 'python'],
      ['web', 'lumen-web', 'website', 'typescript'],
    ]);

    expect(component('lumen-api')).toMatchObject({
      evidence: [
        'Dockerfile',
        'Kubernetes manifests in k8s/ (Deployment)',
        'pyproject.toml',
        'pushes images to ECR arn:aws:ecr:eu-west-1:123456789012:repository/lumen/api in .github/workflows/build.yml',
      ],
      codeOwners: ['group:default/lumen-backend'],
      annotations: {
        // The label the manifests already carry wins over the component's name.
        'backstage.io/kubernetes-id': 'lumen-reports-api',
        'platform-portal.io/ecr-repositories':
          'arn:aws:ecr:eu-west-1:123456789012:repository/lumen/api',
      },
      tags: ['python', 'docker', 'kubernetes'],
    });
    expect(component('lumen-worker').annotations).toEqual({
      'platform-portal.io/ecr-repositories':
        'arn:aws:ecr:eu-west-1:123456789012:repository/lumen/worker',
    });
    expect(component('lumen-web')).toMatchObject({
      evidence: [
        'package.json depends on vite and react and has no main/exports',
      ],
      codeOwners: ['group:default/lumen-frontend'],
    });
    expect(component('lumen-dags')).toMatchObject({
      evidence: ['Airflow DAGs: 2 Python files'],
      codeOwners: ['group:default/lumen-data-engineering'],
      tags: ['python', 'airflow'],
    });
    expect(component('lumen-infrastructure')).toMatchObject({
      codeOwners: ['group:default/cloud-infrastructure'],
      annotations: {
        'platform-portal.io/terraform-workspaces': 'lumen/lumen-prod',
        'platform-portal.io/terraform-artifacts': 'github',
      },
    });
    expect(component('lumen-deploy')).toMatchObject({
      evidence: ['Kustomize overlays in deploy/ (4 YAML files)'],
      codeOwners: ['group:default/lumen-data-engineering'],
    });
    expect(component('lumen-db').codeOwners).toEqual([
      'group:default/lumen-data-engineering',
    ]);
    expect(component('lumen-cloud').annotations).toEqual({});
    expect(reads.length).toBeLessThanOrEqual(15);
  });

  it('names parts <repo>-<leaf>, never <repo>-<repo>, and de-duplicates colliding leaves', async () => {
    const { result } = await infer('shop-platform');
    expect(result.monorepo).toBe(true);
    expect(result.components.map(c => [c.path, c.name, c.type])).toEqual([
      ['functions/api', 'shop-platform-api', 'library'],
      ['services/api', 'shop-platform-api-2', 'service'],
      ['services/shop-platform', 'shop-platform', 'service'],
    ]);
  });

  it('infers nothing for a repository with a catalog-info.yaml, and reads nothing', async () => {
    const { result, reads } = await infer('checkout-service');
    expect(result).toEqual<InferredRepository>({
      repo: expect.objectContaining({ name: 'checkout-service' }),
      catalogFile: 'catalog-info.yaml',
      monorepo: false,
      components: [],
      clusters: [],
    });
    expect(reads).toEqual([]);
  });

  it('lists an empty repository as one component of type other', async () => {
    const { result } = await infer('fresh');
    expect(result).toMatchObject({ monorepo: false, clusters: [] });
    expect(result.components).toEqual([
      {
        name: 'fresh',
        path: '',
        type: 'other',
        evidence: ['empty repository'],
        codeOwners: [],
        annotations: {},
        tags: [],
      },
    ]);
  });

  it('still infers an archived repository, which keeps its archived flag and topics', async () => {
    const { result, only } = await infer('legacy-ftp-gateway');
    expect(result.repo).toMatchObject({
      archived: true,
      topics: ['legacy', 'ftp'],
    });
    expect(only).toMatchObject({
      type: 'service',
      evidence: ['Dockerfile'],
      codeOwners: ['group:default/shop-backend'],
      tags: ['docker', 'legacy', 'ftp'],
    });
  });

  it('reads only a handful of small files per repository', () => {
    expect(readCounts.size).toBe(Object.keys(REPOS).length);
    expect(Math.max(...readCounts.values())).toBeLessThanOrEqual(15);
  });
});
