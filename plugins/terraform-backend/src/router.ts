import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { TerraformPlansService } from './service/TerraformPlansService';
import { PluginMetrics } from '@platform-portal/metrics-node';

/** Thin: credentials, parameters, the service. Errors are formatted by the error middleware. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  service: TerraformPlansService;
  /** Request count and latency per route (see `createPluginMetrics`). */
  metrics?: PluginMetrics;
}): Promise<express.Router> {
  const { httpAuth, service } = options;
  const router = Router();
  if (options.metrics) router.use(options.metrics.http());
  const entityRef = (p: Record<string, string>) =>
    `${p.kind}:${p.namespace}/${p.name}`;
  const credentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/entity/:kind/:namespace/:name/plans', async (req, res) => {
    res.json(
      await service.listPlans(entityRef(req.params), await credentials(req)),
    );
  });

  router.get(
    '/entity/:kind/:namespace/:name/plans/:planId',
    async (req, res) => {
      res.json(
        await service.getPlan(
          entityRef(req.params),
          req.params.planId,
          await credentials(req),
        ),
      );
    },
  );

  router.get(
    '/entity/:kind/:namespace/:name/plans/:planId/resources',
    async (req, res) => {
      const { address } = req.query;
      if (typeof address !== 'string' || !address) {
        throw new InputError('Query parameter address is required');
      }
      res.json(
        await service.getResource(
          entityRef(req.params),
          req.params.planId,
          address,
          await credentials(req),
        ),
      );
    },
  );

  return router;
}
