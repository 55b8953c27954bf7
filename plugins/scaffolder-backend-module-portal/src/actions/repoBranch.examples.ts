import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Git Flow: create develop from main with the version file bumped to the next -SNAPSHOT',
    example: yaml.stringify({
      steps: [
        {
          id: 'develop-version',
          action: 'fetch:template:file',
          input: {
            url: './skeleton/package.json',
            targetPath: './develop/package.json',
            values: { name: 'orders-service', version: '0.2.0-SNAPSHOT' },
          },
        },
        {
          id: 'develop',
          action: 'portal:repo:branch',
          input: {
            repoName: 'orders-service',
            branch: 'develop',
            sourcePath: './develop',
            commitMessage: 'Start 0.2.0-SNAPSHOT on develop',
          },
        },
      ],
    }),
  },
  {
    description: 'Create a dev branch at the same commit as main',
    example: yaml.stringify({
      steps: [
        {
          id: 'dev',
          action: 'portal:repo:branch',
          input: { repoName: 'edge-network-infra', branch: 'dev' },
        },
      ],
    }),
  },
  {
    description:
      'Mono-repo: a change branch adding services/ingest, refused when the directory exists',
    example: yaml.stringify({
      steps: [
        {
          id: 'branch',
          action: 'portal:repo:branch',
          input: {
            repoName: 'lumen-ml',
            branch: 'portal/add-ingest',
            sourcePath: './change',
            refuseExistingPaths: ['services/ingest'],
            commitMessage: 'Add services/ingest',
          },
        },
      ],
    }),
  },
];
