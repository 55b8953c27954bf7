import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { InMemoryMetrics } from './testUtils';
import {
  createPluginMetrics,
  HTTP_ROUTE_SYMBOL,
  noopPluginMetrics,
} from './metrics';

describe('createPluginMetrics', () => {
  it('records upstream calls, their latency and their errors by name and status', async () => {
    const store = new InMemoryMetrics();
    const metrics = createPluginMetrics('test', store);
    await metrics.upstream({ provider: 'oci', operation: 'listImages' }, () =>
      Promise.resolve(1),
    );
    const failure = Object.assign(new Error('no'), {
      name: 'ThrottlingException',
      statusCode: 400,
    });
    await expect(
      metrics.upstream({ provider: 'ecr', operation: 'listImages' }, () =>
        Promise.reject(failure),
      ),
    ).rejects.toBe(failure);

    expect(
      store.sum('portal_upstream_requests', {
        plugin: 'test',
        provider: 'oci',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      store.sum('portal_upstream_requests', {
        provider: 'ecr',
        outcome: 'error',
      }),
    ).toBe(1);
    expect(store.select('portal_upstream_errors')).toEqual([
      {
        name: 'portal_upstream_errors',
        value: 1,
        attributes: {
          plugin: 'test',
          provider: 'ecr',
          operation: 'listImages',
          error: 'ThrottlingException',
          status: '400',
        },
      },
    ]);
    expect(store.count('portal_upstream_request_duration_seconds')).toBe(2);
  });

  it('keeps label values bounded: odd values and values past the cap become "other"', () => {
    const store = new InMemoryMetrics();
    const metrics = createPluginMetrics('test', store);
    for (let i = 0; i < 150; i++) {
      metrics.recordUpstream({ provider: 'oci', operation: 'listImages' }, 0, {
        name: `Error${i}`,
      });
    }
    metrics.recordUpstream({ provider: 'oci', operation: 'listImages' }, 0, {
      name: 'bad"name\nwith newline',
    });
    const names = store.values('portal_upstream_errors', 'error');
    expect(names).toContain('other');
    expect(names).toContain('Error0');
    expect(names).not.toContain('Error120');
    expect(names.length).toBe(101);
  });

  it('is a no-op without a metrics service', async () => {
    expect(createPluginMetrics('test')).toBe(noopPluginMetrics);
    await expect(
      noopPluginMetrics.upstream({ provider: 'x', operation: 'y' }, () =>
        Promise.resolve(3),
      ),
    ).resolves.toBe(3);
  });

  it('labels HTTP requests with the route template and status class, never the raw path', async () => {
    const store = new InMemoryMetrics();
    const metrics = createPluginMetrics('test', store);
    const router = Router();
    router.use(metrics.http());
    let seenRoute: unknown;
    router.get('/entity/:kind/:namespace/:name/images', (req, res) => {
      res.on('finish', () => {
        seenRoute = (req as any)[HTTP_ROUTE_SYMBOL];
      });
      res.json({ ok: true });
    });
    router.get('/fails', () => {
      throw new Error('boom');
    });
    const app = express().use('/api/test', router);

    await request(app).get('/api/test/entity/component/default/orders/images');
    await request(app).get('/api/test/entity/component/default/billing/images');
    await request(app).get('/api/test/nothing/here');
    await request(app).get('/api/test/fails');

    expect(store.select('portal_http_requests').map(p => p.attributes)).toEqual(
      [
        {
          plugin: 'test',
          method: 'GET',
          route: '/entity/:kind/:namespace/:name/images',
          status_class: '2xx',
        },
        {
          plugin: 'test',
          method: 'GET',
          route: '/entity/:kind/:namespace/:name/images',
          status_class: '2xx',
        },
        {
          plugin: 'test',
          method: 'GET',
          route: 'unmatched',
          status_class: '4xx',
        },
        {
          plugin: 'test',
          method: 'GET',
          route: '/fails',
          status_class: '5xx',
        },
      ],
    );
    expect(store.count('portal_http_request_duration_seconds')).toBe(4);
    // What the backend's HTTP instrumentation reads as http.route.
    expect(seenRoute).toBe('/api/test/entity/:kind/:namespace/:name/images');
  });
});
