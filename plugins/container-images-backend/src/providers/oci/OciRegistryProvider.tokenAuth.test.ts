/**
 * A registry with Bearer token auth, as Docker Hub, GHCR or Harbor: the real docker-registry with
 * `auth: token`, trusting the JWTs of a token service the test runs.
 */
import { ConfigReader } from '@backstage/config';
import { RepositoryReadError } from '../types';
import {
  pushImage,
  startRegistry,
  startTokenServer,
  TestRegistry,
  TestTokenServer,
} from '../../__testUtils__/registry';
import { OciRegistryProvider } from './OciRegistryProvider';

jest.setTimeout(60_000);

const credentials = { username: 'portal', password: 'token-s3cret' };
let tokens: TestTokenServer;
let registry: TestRegistry;

beforeAll(async () => {
  tokens = await startTokenServer(credentials, {
    deny: name => name.startsWith('secret/'),
  });
  registry = await startRegistry({ token: tokens });
  await pushImage(registry.url, 'shop/orders-service', ['1.0.0'], {
    created: '2026-08-01T00:00:00Z',
    credentials,
  });
  await pushImage(registry.url, 'shop/orders-service', ['1.1.0', 'latest'], {
    created: '2026-08-02T00:00:00Z',
    credentials,
  });
});

afterAll(async () => {
  await registry?.stop();
  await tokens?.stop();
});

function provider(options: {
  auth?: { username?: string; password?: string };
  /** Configure the token service's origin as a registry too (it is then trusted as a realm). */
  trustTokenService?: boolean;
}) {
  return OciRegistryProvider.fromConfig(
    new ConfigReader({
      containerImages: {
        oci: {
          registries: [
            { host: 'registry.test', url: registry.url, ...options.auth },
            ...(options.trustTokenService === false
              ? []
              : [{ host: 'auth.test', url: tokens.url }]),
          ],
        },
      },
    }),
  );
}

async function read(p: OciRegistryProvider, name: string) {
  return p.listImages(p.parse(`registry.test/${name}`));
}

async function readError(p: OciRegistryProvider, name: string) {
  const error = await read(p, name).catch(e => e);
  expect(error).toBeInstanceOf(RepositoryReadError);
  return error as RepositoryReadError;
}

it('gets a pull token from the realm with the configured credentials, once', async () => {
  tokens.requests.length = 0;
  const p = provider({ auth: credentials });
  const repo = await read(p, 'shop/orders-service');
  expect(repo.images.map(i => i.tags).sort()).toEqual([
    ['1.0.0'],
    ['1.1.0', 'latest'],
  ]);
  expect(repo.images.map(i => i.pushedAt).sort()).toEqual([
    new Date('2026-08-01T00:00:00Z'),
    new Date('2026-08-02T00:00:00Z'),
  ]);
  expect(tokens.requests.map(u => Object.fromEntries(u.searchParams))).toEqual([
    {
      service: 'portal-test-registry',
      scope: 'repository:shop/orders-service:pull',
    },
  ]);
  // The challenged call, the token, then the calls again with it: 1 + 1 + (1 + 3 + 4).
  expect(repo.calls).toBe(10);

  // The token is kept for the next read of the repository.
  const again = await read(p, 'shop/orders-service');
  expect(again.calls).toBe(1 + 3);
  expect(tokens.requests).toHaveLength(1);
});

it('never sends credentials to a realm that is not a configured registry', async () => {
  tokens.requests.length = 0;
  const error = await readError(
    provider({ auth: credentials, trustTokenService: false }),
    'shop/orders-service',
  );
  expect(error).toMatchObject({
    code: 'TOKEN_REALM_NOT_ALLOWED',
    statusCode: 401,
    message: `registry registry.test asks for a token from ${tokens.url}, which is neither the registry nor another configured one (containerImages.oci.registries): not called`,
  });
  expect(tokens.requests).toEqual([]);
});

it('says when the token service refuses the configured credentials', async () => {
  const error = await readError(
    provider({ auth: { username: 'portal', password: 'wrong' } }),
    'shop/orders-service',
  );
  expect(error).toMatchObject({
    code: 'UNAUTHORIZED',
    statusCode: 401,
    message: `the token service of registry registry.test (${tokens.url}) refused a token for shop/orders-service with 401: check the username and password in containerImages.oci.registries`,
  });
});

it('says when anonymous reads are not allowed', async () => {
  const error = await readError(provider({}), 'shop/orders-service');
  expect(error).toMatchObject({ code: 'UNAUTHORIZED', statusCode: 401 });
  expect(error.message).toContain('anonymous access is not allowed');
});

it('reports a repository the token does not grant as unauthorized', async () => {
  const error = await readError(
    provider({ auth: credentials }),
    'secret/vault',
  );
  expect(error).toMatchObject({ code: 'UNAUTHORIZED', statusCode: 401 });
  expect(error.message).toContain(
    'registry registry.test refused the configured credentials while listing tags of secret/vault',
  );
});
