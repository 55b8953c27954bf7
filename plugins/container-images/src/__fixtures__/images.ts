import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ECR_REPOSITORIES,
  ANNOTATION_OCI_REPOSITORIES,
  ContainerImage,
  EntityImagesResponse,
  ImageFindingsResponse,
  RepositoryImages,
} from '@platform-portal/plugin-container-images-common';

export const ECR_REF =
  'arn:aws:ecr:eu-central-1:104729384756:repository/shop/orders-service';
export const OCI_REF = 'registry.local/shop/orders-service';

export const digest = (c: string) => `sha256:${c.repeat(64)}`;

export function entityWith(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders-service', namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-shop' },
  };
}

export const ecrEntity = entityWith({ [ANNOTATION_ECR_REPOSITORIES]: ECR_REF });
export const twoRepositoriesEntity = entityWith({
  [ANNOTATION_ECR_REPOSITORIES]: ECR_REF,
  [ANNOTATION_OCI_REPOSITORIES]: OCI_REF,
});
export const plainEntity = entityWith();

const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3600_000).toISOString();

export const stable141: ContainerImage = {
  digest: digest('a'),
  tags: [{ name: '1.4.1', class: 'stable' }],
  pushedAt: hoursAgo(50),
  sizeBytes: 48_300_000,
  lastPulledAt: hoursAgo(2),
  scan: {
    status: 'COMPLETE',
    completedAt: hoursAgo(49),
    findingCounts: { CRITICAL: 2, HIGH: 5, MEDIUM: 7, LOW: 1 },
  },
  violations: [],
};

export const snapshot150: ContainerImage = {
  digest: digest('b'),
  tags: [
    { name: '1.5.0-SNAPSHOT', class: 'snapshot' },
    { name: 'develop', class: 'moving' },
  ],
  pushedAt: hoursAgo(3),
  sizeBytes: 49_100_000,
  scan: { status: 'COMPLETE', findingCounts: { HIGH: 1 } },
  violations: [],
};

export const stable140: ContainerImage = {
  digest: digest('c'),
  tags: [{ name: '1.4.0', class: 'stable' }],
  pushedAt: hoursAgo(400),
  sizeBytes: 47_000_000,
  scan: { status: 'COMPLETE', findingCounts: {} },
  violations: [
    {
      kind: 'stable-tag-overwritten',
      tag: '1.4.0',
      message: 'stable tag 1.4.0 was overwritten',
      previousDigest: digest('9'),
    },
  ],
};

export const featureImage: ContainerImage = {
  digest: digest('d'),
  tags: [{ name: 'feature-login', class: 'other' }],
  pushedAt: hoursAgo(30),
  sizeBytes: 49_000_000,
  scan: { status: 'PENDING', findingCounts: {} },
  violations: [],
};

export const ecrRepository: RepositoryImages = {
  ref: ECR_REF,
  provider: 'ecr',
  name: 'shop/orders-service',
  registry: '104729384756.dkr.ecr.eu-central-1.amazonaws.com',
  accountId: '104729384756',
  region: 'eu-central-1',
  consoleUrl:
    'https://eu-central-1.console.aws.amazon.com/ecr/repositories/private/104729384756/shop/orders-service',
  tagMutability: 'MUTABLE',
  lifecyclePolicy: {
    rules: [
      {
        priority: 1,
        summary: 'untagged images, more than 14 days since pushed → expire',
      },
    ],
    text: '{}',
  },
  // Newest first, as the backend sends them.
  images: [snapshot150, featureImage, stable141, stable140],
  totalImages: 4,
  latestStable: {
    tag: '1.4.1',
    digest: stable141.digest,
    pushedAt: stable141.pushedAt,
    scan: stable141.scan,
  },
  latestSnapshot: {
    tag: '1.5.0-SNAPSHOT',
    digest: snapshot150.digest,
    pushedAt: snapshot150.pushedAt,
    scan: snapshot150.scan,
  },
  countsByClass: { stable: 2, snapshot: 1, moving: 1, other: 1 },
  violations: [
    {
      kind: 'mutable-stable-tags',
      message:
        'repository allows overwriting stable tags (tag mutability MUTABLE)',
    },
  ],
  fetchedAt: hoursAgo(0.01),
};

export const emptyOciRepository: RepositoryImages = {
  ref: OCI_REF,
  provider: 'oci',
  name: 'shop/orders-service',
  registry: 'registry.local',
  images: [],
  totalImages: 0,
  countsByClass: { stable: 0, snapshot: 0, moving: 0, other: 0 },
  violations: [],
  fetchedAt: hoursAgo(0.01),
};

/** What entity cards get (`limit=0`): latest images, counts and repository violations only. */
export const summaryResponse: EntityImagesResponse = {
  entityRef: 'component:default/orders-service',
  repositories: [{ ...ecrRepository, images: [] }],
  errors: [],
};

export const okResponse: EntityImagesResponse = {
  entityRef: 'component:default/orders-service',
  repositories: [ecrRepository],
  errors: [],
};

export const findingsOf141: ImageFindingsResponse = {
  ref: ECR_REF,
  digest: stable141.digest,
  scan: stable141.scan!,
  findings: [
    {
      name: 'CVE-2024-0001',
      severity: 'HIGH',
      uri: 'https://nvd.nist.gov/vuln/detail/CVE-2024-0001',
      packageName: 'openssl',
      packageVersion: '3.0.1',
      fixedInVersion: '3.0.13',
    },
    {
      name: 'CVE-2024-0002',
      severity: 'CRITICAL',
      uri: 'https://nvd.nist.gov/vuln/detail/CVE-2024-0002',
      packageName: 'glibc',
      packageVersion: '2.36',
    },
  ],
};
