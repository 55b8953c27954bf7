import path from 'node:path';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { checkRepository } from './checks';
import { TEMPLATES_DIR, loadTemplate, templateDirs } from './scaffold';

/** What every template promises, so a new one cannot quietly skip it. */
describe.each(templateDirs())('template %s', dir => {
  const template = loadTemplate(dir) as any;
  const steps: Array<{ id: string; action: string; if?: string; input?: any }> =
    template.spec.steps;
  const properties = Object.assign(
    {},
    ...template.spec.parameters.map((p: any) => p.properties ?? {}),
  );

  it('is a valid v1beta3 template named after its directory', async () => {
    expect(await templateEntityV1beta3Validator.check(template)).toBe(true);
    expect(template.metadata.name).toBe(dir);
    expect(template.spec.owner).toBe('group:default/platform-team');
    expect(template.metadata.description.length).toBeGreaterThan(40);
  });

  it('validates the name in the form and picks the owner from the catalog', () => {
    expect(properties.name.pattern).toBe('^[a-z][a-z0-9-]{0,61}[a-z0-9]$');
    // The portal's field: refuses a name the catalog already has while the user is in the form.
    expect(properties.name['ui:field']).toBe('RepositoryNamePicker');
    expect(properties.owner['ui:field']).toBe('OwnerPicker');
    // Templates that ask for an AWS account validate it.
    expect(properties.awsAccountId?.pattern ?? '^[0-9]{12}$').toBe(
      '^[0-9]{12}$',
    );
  });

  it('checks the repository before it creates anything', () => {
    expect(steps[0].action).toBe('portal:repo:prepare');
  });

  it('publishes to GitHub in production and to local git in the embedded portal', () => {
    const github = steps.filter(s =>
      /^(publish:github|github:)/.test(s.action),
    );
    const local = steps.filter(s => s.action === 'publish:local');
    expect(github.length + local.length).toBeGreaterThan(0);
    for (const step of github) {
      expect(step.if).toMatch(/target === 'github'/);
    }
    for (const step of local) {
      expect(step.if).toMatch(/target === 'local'/);
    }
    // New repositories on GitHub come protected, with OIDC claims and repository variables.
    for (const publish of steps.filter(s => s.action === 'publish:github')) {
      expect(publish.input).toMatchObject({
        protectDefaultBranch: true,
        requireCodeOwnerReviews: true,
        oidcCustomization: { useDefault: false },
        repoVariables: expect.any(Object),
      });
    }
  });

  it('waits for the catalog before it links to the new entity', () => {
    const creates = steps[0].input?.mustExist !== true;
    const wait = steps.find(s => s.action === 'portal:catalog:wait');
    const linked = template.spec.output.links.find((l: any) => l.entityRef);
    // A template that changes an existing repository (a pull request) has nothing to wait for.
    expect(wait?.input.entityRef ?? null).toBe(
      creates ? linked.entityRef : null,
    );
  });

  it('links to the repository and the catalog entity', () => {
    const titles = template.spec.output.links.map(
      (l: any) => l.entityRef ?? l.url,
    );
    expect(titles.some((t: string) => /component:default\//.test(t))).toBe(
      true,
    );
  });
});

describe('the shared pipelines (orbital-data/platform-pipelines)', () => {
  it('pass actionlint, GitHub’s parser and shellcheck', async () => {
    expect(
      await checkRepository(path.join(TEMPLATES_DIR, 'shared/pipelines')),
    ).toEqual([]);
  });
});
