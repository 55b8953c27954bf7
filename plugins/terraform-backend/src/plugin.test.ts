import fs from 'node:fs';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { terraformPlugin } from './plugin';

// eslint-disable-next-line no-restricted-syntax
const EXAMPLES = path.resolve(__dirname, '../../../examples/terraform-plans');

/** Every string value under a key that ends in password, secret, token or key, in a JSON text. */
function secretsIn(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /"(?:[a-z_]*password|secret|token|[a-z_]*_key)":\s*"([^"]{6,})"/g,
    ),
  ].map(m => m[1]);
}

describe('the Terraform plans plugin, wired, on the example plans', () => {
  it('lists and opens an example component’s plans with the real parser, without leaking a secret', async () => {
    const { server } = await startTestBackend({
      features: [
        terraformPlugin,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'piksel-infra-shared-resources',
                namespace: 'default',
                annotations: {
                  'platform-portal.io/terraform-plans-local':
                    'piksel-infra-shared-resources',
                },
              },
              spec: {
                type: 'infrastructure',
                owner: 'piksel-platform',
                lifecycle: 'production',
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: { terraform: { local: { directory: EXAMPLES } } },
        }),
      ],
    });
    const base =
      '/api/terraform/entity/component/default/piksel-infra-shared-resources/plans';
    expect((await request(server).get(base)).status).toBe(401);

    const auth = { Authorization: mockCredentials.user.header() };
    const list = await request(server).get(base).set(auth);
    expect(list.status).toBe(200);
    expect(list.body.errors).toEqual([]);
    expect(list.body.plans.length).toBeGreaterThanOrEqual(2);

    const secrets = fs
      .readdirSync(path.join(EXAMPLES, 'piksel-infra-shared-resources'), {
        recursive: true,
      })
      .map(String)
      .filter(f => f.endsWith('.json') && !f.endsWith('.meta.json'))
      .flatMap(f =>
        secretsIn(path.join(EXAMPLES, 'piksel-infra-shared-resources', f)),
      );
    expect(secrets.length).toBeGreaterThan(0);

    for (const plan of list.body.plans) {
      const doc = await request(server).get(`${base}/${plan.id}`).set(auth);
      expect(doc.status).toBe(200);
      expect(doc.body.formatVersion).toMatch(/^1\./);
      const bodies = [JSON.stringify(doc.body)];
      for (const resource of doc.body.resources) {
        const detail = await request(server)
          .get(`${base}/${plan.id}/resources`)
          .query({ address: resource.address })
          .set(auth);
        expect(detail.status).toBe(200);
        bodies.push(JSON.stringify(detail.body));
      }
      for (const secret of secrets) {
        for (const body of bodies) expect(body).not.toContain(secret);
      }
    }
  });
});
