import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseStableTagHistory } from './StableTagHistory';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  // CI=true makes PostgreSQL mandatory; locally without it only SQLite runs.
  disableDocker: true,
});

const digest = (c: string) => `sha256:${c.repeat(64)}`;

describe.each(databases.eachSupportedId())(
  'DatabaseStableTagHistory on %p',
  databaseId => {
    async function create(now: () => Date) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const migrated = await DatabaseStableTagHistory.create({ database });
      return {
        knex,
        history: new DatabaseStableTagHistory(knex, now),
        migrated,
      };
    }

    it('remembers the first digest of each stable tag and reports one that moved', async () => {
      let now = new Date('2026-11-01T10:00:00Z');
      const { history } = await create(() => now);
      const repo =
        'ecr:104729384756.dkr.ecr.eu-central-1.amazonaws.com/shop/orders';

      await expect(
        history.observe(repo, [
          { tag: '1.0.0', digest: digest('a') },
          { tag: '1.1.0', digest: digest('b') },
        ]),
      ).resolves.toEqual([]);

      now = new Date('2026-11-20T10:00:00Z');
      await expect(
        history.observe(repo, [
          { tag: '1.0.0', digest: digest('a') },
          { tag: '1.1.0', digest: digest('c') },
          { tag: '1.2.0', digest: digest('d') },
        ]),
      ).resolves.toEqual([
        {
          tag: '1.1.0',
          digest: digest('c'),
          previousDigest: digest('b'),
          previousSeenAt: new Date('2026-11-01T10:00:00Z'),
        },
      ]);

      // The first digest stays the reference; other repositories are separate.
      await expect(
        history.observe(repo, [{ tag: '1.1.0', digest: digest('c') }]),
      ).resolves.toHaveLength(1);
      await expect(
        history.observe('oci:registry.local/shop/orders', [
          { tag: '1.1.0', digest: digest('c') },
        ]),
      ).resolves.toEqual([]);
    });

    it('records thousands of tags at once, and tolerates another replica recording them first', async () => {
      const { history, knex } = await create(
        () => new Date('2026-11-01T10:00:00Z'),
      );
      const tags = Array.from({ length: 2_500 }, (_, i) => ({
        tag: `1.${Math.floor(i / 100)}.${i % 100}`,
        digest: digest((i % 10).toString()),
      }));
      await expect(history.observe('ecr:x/big', tags)).resolves.toEqual([]);
      const other = new DatabaseStableTagHistory(knex);
      await expect(other.observe('ecr:x/big', tags)).resolves.toEqual([]);
      const [{ count }] = await knex('stable_tags')
        .where({ repository: 'ecr:x/big' })
        .count({ count: '*' });
      expect(Number(count)).toBe(2_500);
    });
  },
);
