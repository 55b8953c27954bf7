import { PlanListItem } from '@platform-portal/plugin-terraform-common';
import {
  devLatest,
  devOlder,
  plansResponse,
  pr12,
  productionLatest,
} from '../__fixtures__/plans';
import { groupPlans, latestPerEnvironment } from './planList';

const at = (iso: string, partial: Partial<PlanListItem>): PlanListItem => ({
  id: `${partial.environment}-${iso}`,
  source: 'local',
  createdAt: iso,
  ...partial,
});

describe('plan list', () => {
  it('groups branch plans by environment in promotion order, pull requests last, newest first', () => {
    const groups = groupPlans(plansResponse.plans);
    expect(groups.map(g => [g.title, g.plans.map(p => p.id)])).toEqual([
      ['dev', [devLatest.id, devOlder.id]],
      ['production', [productionLatest.id]],
      ['Pull requests', [pr12.id]],
    ]);
  });

  it('puts unknown environments after the known ones, alphabetically, and plans without one last', () => {
    const plans = [
      at('2025-01-01T00:00:00Z', { environment: 'sandbox' }),
      at('2025-01-01T00:00:00Z', {}),
      at('2025-01-01T00:00:00Z', { environment: 'production' }),
      at('2025-01-01T00:00:00Z', { environment: 'analytics' }),
      at('2025-01-01T00:00:00Z', { environment: 'staging' }),
    ];
    expect(groupPlans(plans).map(g => g.title)).toEqual([
      'staging',
      'production',
      'analytics',
      'sandbox',
      'Other plans',
    ]);
  });

  it('takes the newest branch plan of each environment as its latest, a pull request only when there is no branch plan', () => {
    const prOnlyStaging = at('2025-02-01T00:00:00Z', {
      environment: 'staging',
      pullRequest: { number: 3 },
    });
    expect(
      latestPerEnvironment([...plansResponse.plans, prOnlyStaging]).map(
        p => p.id,
      ),
    ).toEqual([devLatest.id, prOnlyStaging.id, productionLatest.id]);
  });
});
