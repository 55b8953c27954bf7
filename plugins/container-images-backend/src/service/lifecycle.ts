import { LifecycleRule } from '@platform-portal/plugin-container-images-common';

interface RawRule {
  rulePriority?: number;
  description?: string;
  selection?: {
    tagStatus?: string;
    tagPrefixList?: string[];
    tagPatternList?: string[];
    countType?: string;
    countNumber?: number;
    countUnit?: string;
  };
  action?: { type?: string };
}

/**
 * An ECR lifecycle policy (JSON text) as rules people can read:
 * `tagged images matching *-SNAPSHOT, more than 10 → expire`.
 */
export function summariseLifecyclePolicy(text: string): LifecycleRule[] {
  let rules: RawRule[];
  try {
    const parsed = JSON.parse(text);
    if (!Array.isArray(parsed?.rules)) throw new Error('no rules');
    rules = parsed.rules;
  } catch {
    return [{ priority: 0, summary: 'unreadable lifecycle policy' }];
  }
  return rules
    .map(rule => {
      const s = rule.selection ?? {};
      const which =
        s.tagStatus === 'untagged'
          ? 'untagged images'
          : s.tagStatus === 'tagged'
          ? `tagged images${
              s.tagPatternList?.length
                ? ` matching ${s.tagPatternList.join(', ')}`
                : s.tagPrefixList?.length
                ? ` with prefix ${s.tagPrefixList.join(', ')}`
                : ''
            }`
          : 'any image';
      const count =
        s.countType === 'imageCountMoreThan'
          ? `more than ${s.countNumber}`
          : s.countType === 'sinceImagePushed'
          ? `older than ${s.countNumber} ${s.countUnit ?? 'days'}`
          : String(s.countType ?? '');
      return {
        priority: rule.rulePriority ?? 0,
        description: rule.description,
        summary: `${which}, ${count} → ${rule.action?.type ?? 'expire'}`,
      };
    })
    .sort((a, b) => a.priority - b.priority);
}
