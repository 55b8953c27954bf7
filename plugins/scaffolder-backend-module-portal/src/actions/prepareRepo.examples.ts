import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check the name and find out where the repository goes; later steps choose their publish action from `target`',
    example: yaml.stringify({
      steps: [
        {
          id: 'repo',
          action: 'portal:repo:prepare',
          name: 'Check the repository name',
          input: { name: '${{ parameters.name }}' },
        },
        {
          id: 'publish-github',
          if: "${{ steps.repo.output.target === 'github' }}",
          action: 'publish:github',
          input: { repoUrl: '${{ steps.repo.output.repoUrl }}' },
        },
        {
          id: 'publish-local',
          if: "${{ steps.repo.output.target === 'local' }}",
          action: 'publish:local',
          input: { repoName: '${{ steps.repo.output.repoName }}' },
        },
      ],
    }),
  },
];
