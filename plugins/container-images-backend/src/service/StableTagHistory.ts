import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** A stable tag whose digest differs from the one first seen. */
export interface OverwrittenTag {
  tag: string;
  digest: string;
  previousDigest: string;
  previousSeenAt: Date;
}

/** Remembers stable tags' digests, to notice a stable tag that was overwritten. */
export interface StableTagHistory {
  /**
   * Records the tags not seen before and returns those whose digest changed. The first digest
   * stays the reference: a tag moved back and forth is reported every time it is elsewhere.
   */
  observe(
    repository: string,
    tags: Array<{ tag: string; digest: string }>,
  ): Promise<OverwrittenTag[]>;
}

const TABLE = 'stable_tags';

/** {@link StableTagHistory} in the plugin's database (PostgreSQL or SQLite). */
export class DatabaseStableTagHistory implements StableTagHistory {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseStableTagHistory> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@platform-portal/plugin-container-images-backend',
          'migrations',
        ),
      });
    }
    return new DatabaseStableTagHistory(knex);
  }

  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async observe(
    repository: string,
    tags: Array<{ tag: string; digest: string }>,
  ): Promise<OverwrittenTag[]> {
    if (tags.length === 0) return [];
    const rows: Array<{
      tag: string;
      digest: string;
      first_seen_at: Date | string;
    }> = await this.knex(TABLE)
      .where({ repository })
      .select('tag', 'digest', 'first_seen_at');
    const known = new Map(rows.map(r => [r.tag, r]));
    const overwritten: OverwrittenTag[] = [];
    const fresh: Array<Record<string, unknown>> = [];
    const seenAt = this.now();
    for (const { tag, digest } of tags) {
      const row = known.get(tag);
      if (!row) {
        fresh.push({ repository, tag, digest, first_seen_at: seenAt });
      } else if (row.digest !== digest) {
        overwritten.push({
          tag,
          digest,
          previousDigest: row.digest,
          previousSeenAt: new Date(row.first_seen_at),
        });
      }
    }
    // Chunks keep SQLite under its bound-variable limit; a concurrent first sighting by another
    // replica is not an error.
    for (let i = 0; i < fresh.length; i += 100) {
      await this.knex(TABLE)
        .insert(fresh.slice(i, i + 100))
        .onConflict(['repository', 'tag'])
        .ignore();
    }
    return overwritten;
  }
}
