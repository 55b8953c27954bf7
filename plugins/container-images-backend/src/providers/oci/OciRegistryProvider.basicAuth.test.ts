/**
 * A registry behind basic auth: the real docker-registry with an htpasswd file (bcrypt, written by
 * `htpasswd` from apache2-utils).
 */
import { ConfigReader } from '@backstage/config';
import { RepositoryReadError } from '../types';
import {
  pushImage,
  startRegistry,
  TestRegistry,
} from '../../__testUtils__/registry';
import { OciRegistryProvider } from './OciRegistryProvider';

jest.setTimeout(60_000);

const credentials = { username: 'portal', password: 'registry-s3cret' };
let registry: TestRegistry;

beforeAll(async () => {
  registry = await startRegistry({ htpasswd: credentials });
});

afterAll(async () => {
  await registry?.stop();
});

function provider(auth: { username?: string; password?: string }) {
  return OciRegistryProvider.fromConfig(
    new ConfigReader({
      containerImages: {
        oci: {
          registries: [{ host: 'registry.test', url: registry.url, ...auth }],
        },
      },
    }),
  );
}

async function read(p: OciRegistryProvider, name: string) {
  return p.listImages(p.parse(`registry.test/${name}`));
}

it('reads with the configured username and password', async () => {
  const image = await pushImage(
    registry.url,
    'shop/private',
    ['1.0.0', 'latest'],
    {
      created: '2026-05-05T05:05:05Z',
      credentials,
    },
  );
  const repo = await read(provider(credentials), 'shop/private');
  expect(repo.images).toEqual([
    {
      digest: image.digest,
      tags: ['1.0.0', 'latest'],
      mediaType: image.mediaType,
      sizeBytes: image.sizeBytes,
      pushedAt: new Date('2026-05-05T05:05:05Z'),
    },
  ]);
  // No challenge round trips: the credentials go with every call.
  expect(repo.calls).toBe(1 + 2 + 2);
});

it('asks for credentials when none are configured', async () => {
  const error = await read(provider({}), 'shop/private').catch(e => e);
  expect(error).toBeInstanceOf(RepositoryReadError);
  expect(error).toMatchObject({
    code: 'UNAUTHORIZED',
    statusCode: 401,
    message:
      'registry registry.test needs credentials to read shop/private: configure a username and password in containerImages.oci.registries: authentication required',
  });
});

it('says when the configured credentials are refused', async () => {
  const error = await read(
    provider({ username: 'portal', password: 'wrong' }),
    'shop/private',
  ).catch(e => e);
  expect(error).toBeInstanceOf(RepositoryReadError);
  expect(error).toMatchObject({
    code: 'UNAUTHORIZED',
    statusCode: 401,
    message:
      'registry registry.test refused the configured credentials while listing tags of shop/private: authentication required',
  });
});
