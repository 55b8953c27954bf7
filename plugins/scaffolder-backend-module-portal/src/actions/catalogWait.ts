import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** @public */
export interface CatalogWaitActionOptions {
  catalog: CatalogService;
  /** Between two looks at the catalog. Default: 1 s. */
  pollIntervalMs?: number;
}

/**
 * `portal:catalog:wait`: waits until an entity is in the catalog, so the task's "Open in catalog"
 * link works when the user clicks it. A repository that is slow to be catalogued is not a failed
 * task: on timeout the step logs a warning and outputs `found: false`.
 *
 * @public
 */
export function createCatalogWaitAction(options: CatalogWaitActionOptions) {
  const interval = options.pollIntervalMs ?? 1000;
  return createTemplateAction({
    id: 'portal:catalog:wait',
    description:
      'Waits (up to timeoutSeconds) until an entity is in the catalog, as seen by the user who runs the template.',
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description: 'The entity, e.g. component:default/orders-service.',
          }),
        timeoutSeconds: z =>
          z
            .number({ description: 'How long to wait at most. Default: 60.' })
            .min(1)
            .max(600)
            .optional(),
      },
      output: {
        found: z =>
          z.boolean({ description: 'Whether the entity appeared in time.' }),
      },
    },
    async handler(ctx) {
      let ref: string;
      try {
        ref = stringifyEntityRef(
          parseEntityRef(ctx.input.entityRef, { defaultNamespace: 'default' }),
        );
      } catch (error) {
        throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
      }
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would wait for ${ref} in the catalog`);
        ctx.output('found', false);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const deadline = Date.now() + (ctx.input.timeoutSeconds ?? 60) * 1000;
      for (;;) {
        const entity = await options.catalog
          .getEntityByRef(ref, { credentials })
          .catch(error => {
            ctx.logger.warn(`Catalog lookup of ${ref} failed: ${error}`);
            return undefined;
          });
        if (entity) {
          ctx.logger.info(`${ref} is in the catalog`);
          ctx.output('found', true);
          return;
        }
        if (Date.now() + interval > deadline) break;
        await new Promise(resolve => setTimeout(resolve, interval));
      }
      ctx.logger.warn(
        `${ref} is not in the catalog yet; it appears at the next discovery sweep`,
      );
      ctx.output('found', false);
    },
  });
}
