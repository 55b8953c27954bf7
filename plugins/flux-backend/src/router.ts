import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { FluxService } from './service/FluxService';
import { PluginMetrics } from '@platform-portal/metrics-node';

/** Thin: credentials, parameters, the service. Errors are formatted by the error middleware. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  service: FluxService;
  /** Request count and latency per route (see `createPluginMetrics`). */
  metrics?: PluginMetrics;
}): Promise<express.Router> {
  const { httpAuth, service } = options;
  const router = Router();
  if (options.metrics) router.use(options.metrics.http());
  router.use(express.json({ limit: '16kb' }));

  const entityRef = (p: Record<string, string>) =>
    `${p.kind}:${p.namespace}/${p.name}`;
  const credentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const refresh = (req: express.Request) => req.query.refresh === 'true';

  router.get('/entity/:kind/:namespace/:name/objects', async (req, res) => {
    res.json(
      await service.getEntityObjects(
        entityRef(req.params),
        await credentials(req),
        {
          refresh: refresh(req),
        },
      ),
    );
  });

  router.get('/entity/:kind/:namespace/:name/deployments', async (req, res) => {
    res.json(
      await service.getDeployments(
        entityRef(req.params),
        await credentials(req),
        {
          refresh: refresh(req),
        },
      ),
    );
  });

  router.get('/entity/:kind/:namespace/:name/cluster', async (req, res) => {
    res.json(
      await service.getClusterView(
        entityRef(req.params),
        await credentials(req),
        {
          refresh: refresh(req),
        },
      ),
    );
  });

  router.post(
    '/entity/:kind/:namespace/:name/actions/:action',
    async (req, res) => {
      // Writes only on behalf of a signed-in user: the audit log names a person.
      const creds = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(
        await service.runAction(
          entityRef(req.params),
          req.params.action,
          req.body,
          creds,
          {
            request: req,
          },
        ),
      );
    },
  );

  return router;
}
