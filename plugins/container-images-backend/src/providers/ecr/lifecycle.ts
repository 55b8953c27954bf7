import { LifecycleRule } from '@platform-portal/plugin-container-images-common';

/** One rule of an ECR lifecycle policy, as AWS documents it; anything may be missing. */
interface PolicyRule {
  rulePriority?: unknown;
  description?: unknown;
  selection?: {
    tagStatus?: unknown;
    tagPrefixList?: unknown;
    tagPatternList?: unknown;
    countType?: unknown;
    countNumber?: unknown;
    countUnit?: unknown;
  };
  action?: { type?: unknown; targetStorageClass?: unknown };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter(v => typeof v === 'string') : [];

function which(selection: NonNullable<PolicyRule['selection']>): string {
  switch (selection.tagStatus) {
    case 'untagged':
      return 'untagged images';
    case 'any':
      return 'all images';
    case 'tagged': {
      const prefixes = strings(selection.tagPrefixList);
      const patterns = strings(selection.tagPatternList);
      if (patterns.length)
        return `tagged (matching ${patterns.join(', ')}) images`;
      if (prefixes.length)
        return `tagged (prefixes ${prefixes.join(', ')}) images`;
      return 'tagged images';
    }
    default:
      return `${String(selection.tagStatus ?? 'any')} images`;
  }
}

function count(selection: NonNullable<PolicyRule['selection']>): string {
  const n = selection.countNumber;
  const unit =
    typeof selection.countUnit === 'string' ? selection.countUnit : 'days';
  switch (selection.countType) {
    case 'imageCountMoreThan':
      return `more than ${n}`;
    case 'sinceImagePushed':
      return `more than ${n} ${unit} since pushed`;
    case 'sinceImagePulled':
      return `more than ${n} ${unit} since pulled`;
    case 'sinceImageTransitioned':
      return `more than ${n} ${unit} since archived`;
    default:
      return `${String(selection.countType)} ${n}`;
  }
}

function action(rule: PolicyRule): string {
  const type = rule.action?.type ?? 'expire';
  if (type === 'transition') {
    return `move to ${String(
      rule.action?.targetStorageClass ?? 'another storage class',
    )}`;
  }
  return String(type);
}

/**
 * An ECR lifecycle policy (its JSON text) as rules people read, by priority:
 * `tagged (prefixes 1., 2.) images, more than 20 → expire`,
 * `untagged images, more than 14 days since pushed → expire`. A policy that is not JSON with a
 * `rules` array becomes one rule, "unreadable policy", so the page still says there is a policy.
 */
export function summariseLifecyclePolicy(text: string): LifecycleRule[] {
  let rules: unknown;
  try {
    rules = JSON.parse(text)?.rules;
  } catch {
    rules = undefined;
  }
  if (!Array.isArray(rules)) {
    return [{ priority: 0, summary: 'unreadable policy' }];
  }
  return rules
    .map((raw, index): LifecycleRule => {
      const rule: PolicyRule = raw && typeof raw === 'object' ? raw : {};
      const priority =
        typeof rule.rulePriority === 'number' ? rule.rulePriority : index + 1;
      const description =
        typeof rule.description === 'string' ? rule.description : undefined;
      if (!rule.selection || typeof rule.selection !== 'object') {
        return { priority, description, summary: 'unreadable rule' };
      }
      return {
        priority,
        description,
        summary: `${which(rule.selection)}, ${count(rule.selection)} → ${action(
          rule,
        )}`,
      };
    })
    .sort((a, b) => a.priority - b.priority);
}
