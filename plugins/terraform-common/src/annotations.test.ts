import { declaredPlanSources, hasPlanSources } from './annotations';

describe('declaredPlanSources', () => {
  it('reads every source an entity declares, without duplicates or blanks', () => {
    expect(
      declaredPlanSources({
        'platform-portal.io/terraform-workspaces':
          'piksel/shared-dev, piksel/shared-prod,,piksel/shared-dev',
        'platform-portal.io/terraform-artifacts': 'github',
        'github.com/project-slug': 'orbital-data/piksel-infra',
        'platform-portal.io/terraform-plans-s3': 'piksel-plans/shared',
        'platform-portal.io/terraform-plans-local':
          'piksel-infra-shared-resources',
      }),
    ).toEqual({
      hcpWorkspaces: ['piksel/shared-dev', 'piksel/shared-prod'],
      githubRepository: 'orbital-data/piksel-infra',
      s3: ['piksel-plans/shared'],
      local: ['piksel-infra-shared-resources'],
    });
  });

  it('needs the project slug for GitHub artifacts, and github as the artifacts value', () => {
    expect(
      declaredPlanSources({
        'platform-portal.io/terraform-artifacts': 'github',
      }).githubRepository,
    ).toBeUndefined();
    expect(
      declaredPlanSources({
        'platform-portal.io/terraform-artifacts': 'gitlab',
        'github.com/project-slug': 'o/r',
      }).githubRepository,
    ).toBeUndefined();
  });

  it('says whether an entity has any source', () => {
    expect(hasPlanSources({})).toBe(false);
    expect(hasPlanSources(undefined)).toBe(false);
    expect(
      hasPlanSources({ 'platform-portal.io/terraform-plans-local': 'x' }),
    ).toBe(true);
  });
});
