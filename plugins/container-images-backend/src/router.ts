import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { ContainerImagesService } from './service/ContainerImagesService';
import { PluginMetrics } from '@platform-portal/metrics-node';

/** Thin: credentials, parameters, the service. Errors are formatted by the error middleware. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  service: ContainerImagesService;
  /** Request count and latency per route (see `createPluginMetrics`). */
  metrics?: PluginMetrics;
}): Promise<express.Router> {
  const { httpAuth, service } = options;
  const router = Router();
  if (options.metrics) router.use(options.metrics.http());

  const entityRef = (params: Record<string, string>) =>
    `${params.kind}:${params.namespace}/${params.name}`;

  router.get('/entity/:kind/:namespace/:name/images', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const refresh = req.query.refresh === 'true';
    let limit: number | undefined;
    if (req.query.limit !== undefined) {
      limit = Number(req.query.limit);
      if (!Number.isInteger(limit) || limit < 0) {
        throw new InputError('limit must be a non-negative integer');
      }
    }
    const body = await service.getEntityImagesBody(
      entityRef(req.params),
      credentials,
      { refresh, limit },
    );
    res.type('application/json');
    res.vary('Accept-Encoding');
    // Pre-compressed once per read; the compression middleware leaves an encoded body alone.
    if (/\bgzip\b/.test(req.get('accept-encoding') ?? '')) {
      res.set('Content-Encoding', 'gzip');
      res.send(await body.gzip());
    } else {
      res.send(body.json);
    }
  });

  router.get('/entity/:kind/:namespace/:name/findings', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { repository, digest } = req.query;
    if (typeof repository !== 'string' || !repository) {
      throw new InputError('Query parameter repository is required');
    }
    if (typeof digest !== 'string' || !digest) {
      throw new InputError('Query parameter digest is required');
    }
    res.json(
      await service.getFindings(
        entityRef(req.params),
        repository,
        digest,
        credentials,
      ),
    );
  });

  return router;
}
