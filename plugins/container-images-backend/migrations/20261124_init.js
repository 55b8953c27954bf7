// @ts-check

/**
 * The digest each stable tag pointed at when the portal first saw it: a stable tag that later
 * points elsewhere was overwritten, which the release rules forbid.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('stable_tags', table => {
    table.comment('First digest seen for each stable tag of each repository');
    table
      .string('repository', 512)
      .notNullable()
      .comment('provider:registry/name');
    table.string('tag', 128).notNullable();
    table.string('digest', 128).notNullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.primary(['repository', 'tag']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('stable_tags');
};
