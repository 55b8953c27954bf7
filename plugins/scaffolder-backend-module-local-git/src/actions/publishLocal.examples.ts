import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Publish the workspace as a new local repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:local',
          name: 'Publish to local git',
          input: {
            repoName: 'lumen-ingest',
          },
        },
      ],
    }),
  },
  {
    description:
      'Publish a Git Flow repository: main plus a develop branch at the same commit',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:local',
          name: 'Publish to local git',
          input: {
            repoName: 'orders-service',
            description: 'Order management service',
            defaultBranch: 'main',
            extraBranches: ['develop'],
            topics: ['java', 'gitflow'],
          },
        },
      ],
    }),
  },
  {
    description:
      'Publish a sub-directory of the workspace with a custom commit message and author',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:local',
          name: 'Publish to local git',
          input: {
            repoName: 'eo-tiler',
            sourcePath: './repo',
            gitCommitMessage: 'Scaffolded from the python-service template',
            gitAuthorName: 'Lumen Data Team',
            gitAuthorEmail: 'lumen@orbital-data.example',
          },
        },
      ],
    }),
  },
];
