import { summariseLifecyclePolicy } from './lifecycle';

describe('summariseLifecyclePolicy', () => {
  it('summarises each rule for people, by priority', () => {
    const policy = {
      rules: [
        {
          rulePriority: 20,
          description: 'Keep the last 20 releases',
          selection: {
            tagStatus: 'tagged',
            tagPrefixList: ['1.', '2.'],
            countType: 'imageCountMoreThan',
            countNumber: 20,
          },
          action: { type: 'expire' },
        },
        {
          rulePriority: 1,
          description: 'Untagged go after two weeks',
          selection: {
            tagStatus: 'untagged',
            countType: 'sinceImagePushed',
            countUnit: 'days',
            countNumber: 14,
          },
          action: { type: 'expire' },
        },
        {
          rulePriority: 10,
          selection: {
            tagStatus: 'tagged',
            tagPatternList: ['*-SNAPSHOT'],
            countType: 'imageCountMoreThan',
            countNumber: 10,
          },
          action: { type: 'expire' },
        },
        {
          rulePriority: 30,
          selection: {
            tagStatus: 'any',
            countType: 'sinceImagePulled',
            countUnit: 'days',
            countNumber: 90,
          },
          action: { type: 'transition', targetStorageClass: 'archive' },
        },
      ],
    };

    expect(summariseLifecyclePolicy(JSON.stringify(policy))).toEqual([
      {
        priority: 1,
        description: 'Untagged go after two weeks',
        summary: 'untagged images, more than 14 days since pushed → expire',
      },
      {
        priority: 10,
        summary: 'tagged (matching *-SNAPSHOT) images, more than 10 → expire',
      },
      {
        priority: 20,
        description: 'Keep the last 20 releases',
        summary: 'tagged (prefixes 1., 2.) images, more than 20 → expire',
      },
      {
        priority: 30,
        summary: 'all images, more than 90 days since pulled → move to archive',
      },
    ]);
  });

  it('still says there is a policy when it cannot be read', () => {
    for (const text of ['not json', '{"rules": 3}', '[]', 'null']) {
      expect(summariseLifecyclePolicy(text)).toEqual([
        { priority: 0, summary: 'unreadable policy' },
      ]);
    }
    expect(
      summariseLifecyclePolicy('{"rules":[{"rulePriority":4,"action":{}}]}'),
    ).toEqual([{ priority: 4, summary: 'unreadable rule' }]);
  });
});
