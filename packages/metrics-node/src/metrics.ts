/*
 * The portal's plugin metrics, one naming scheme for every backend plugin of ours (documented in
 * docs/operations.md, "Metrics"), recorded through Backstage's `metricsServiceRef`.
 *
 *   portal_http_requests_total{plugin,method,route,status_class}
 *   portal_http_request_duration_seconds{plugin,method,route,status_class}
 *   portal_cache_lookups_total{plugin,cache,result}
 *   portal_upstream_requests_total{plugin,provider,operation,outcome[,cluster]}
 *   portal_upstream_request_duration_seconds{plugin,provider,operation,outcome}
 *   portal_upstream_errors_total{plugin,provider,operation,error[,status][,cluster]}
 *
 * Label values are bounded: routes are Express route templates (never a raw path, so no entity
 * names), error names and clusters are capped per metric, anything else is a fixed vocabulary.
 */
import type {
  MetricAttributes,
  MetricsService,
} from '@backstage/backend-plugin-api/alpha';
import type { RequestHandler } from 'express';

export type CacheResult = 'hit' | 'miss';

/** One upstream call: who was called, for what. */
export interface UpstreamCall {
  /** `ecr`, `oci`, `github`, `hcp`, `s3`, `local`, `kubernetes`, … */
  provider: string;
  /** A fixed vocabulary per provider (`listImages`, `fetchPlan`, `GET`, …). */
  operation: string;
  /** Kubernetes only: the cluster, bounded by configuration. */
  cluster?: string;
}

/** Why an upstream call failed: the upstream's error name or code, and its HTTP status. */
export interface UpstreamFailure {
  name: string;
  status?: number;
}

export interface PluginMetrics {
  /** Express middleware: request count and latency by route template and status class. */
  http(): RequestHandler;
  /** A recorder of one cache's lookups, for the cache's `onLookup` option. */
  cache(name: string): (result: CacheResult) => void;
  /**
   * Runs and records an upstream call. `classify` names a failure (default: the error's name), or
   * returns undefined for one that never left the portal (a source that is not configured),
   * which is then not recorded at all.
   */
  upstream<T>(
    call: UpstreamCall,
    fn: () => Promise<T>,
    classify?: (error: unknown) => UpstreamFailure | undefined,
  ): Promise<T>;
  /** Records an upstream call measured elsewhere. */
  recordUpstream(
    call: UpstreamCall,
    durationSeconds: number,
    failure?: UpstreamFailure,
  ): void;
  /** Caps a label value: after `max` distinct values, new ones are reported as `other`. */
  bounded(label: string, value: string, max?: number): string;
}

/** The symbol through which the backend's HTTP instrumentation learns a request's route. */
export const HTTP_ROUTE_SYMBOL = Symbol.for('platform-portal.http.route');

/** Latency buckets, in seconds: 5 ms to 30 s. */
export const LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

const METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);
const LABEL_VALUE = /^[A-Za-z0-9_.:/ -]{1,80}$/;

/** The default classification: the error's `name`, its `statusCode` or `status` if numeric. */
export function failureOf(error: unknown): UpstreamFailure {
  const e = error as { name?: unknown; statusCode?: unknown; status?: unknown };
  const name = typeof e?.name === 'string' && e.name ? e.name : 'Error';
  let status: number | undefined;
  if (typeof e?.statusCode === 'number') status = e.statusCode;
  else if (typeof e?.status === 'number') status = e.status;
  return { name, status };
}

/** Records nothing. */
export const noopPluginMetrics: PluginMetrics = {
  http: () => (_req, _res, next) => next(),
  cache: () => () => {},
  upstream: (_call, fn) => fn(),
  recordUpstream: () => {},
  bounded: (_label, value) => value,
};

/**
 * The plugin's metrics on the Backstage metrics service (`metricsServiceRef`, on the global
 * OpenTelemetry meter provider). Without one (a test, a caller of the service classes), every
 * recording is a no-op.
 */
export function createPluginMetrics(
  plugin: string,
  metrics?: MetricsService,
): PluginMetrics {
  if (!metrics) return noopPluginMetrics;

  const httpRequests = metrics.createCounter('portal_http_requests', {
    description: "Requests served by the portal's plugin routers",
  });
  const httpDuration = metrics.createHistogram(
    'portal_http_request_duration_seconds',
    {
      description: "Time to serve a request of the portal's plugin routers",
      unit: 's',
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
    },
  );
  const cacheLookups = metrics.createCounter('portal_cache_lookups', {
    description: 'Lookups in the in-memory caches of the portal plugins',
  });
  const upstreamRequests = metrics.createCounter('portal_upstream_requests', {
    description:
      'Calls to upstream systems (registries, AWS, GitHub, clusters)',
  });
  const upstreamDuration = metrics.createHistogram(
    'portal_upstream_request_duration_seconds',
    {
      description: 'Time an upstream call took',
      unit: 's',
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
    },
  );
  const upstreamErrors = metrics.createCounter('portal_upstream_errors', {
    description: 'Failed upstream calls, by the upstream error name',
  });

  const seen = new Map<string, Set<string>>();
  const bounded = (label: string, value: string, max = 50) => {
    if (!LABEL_VALUE.test(value)) return 'other';
    let values = seen.get(label);
    if (!values) {
      values = new Set();
      seen.set(label, values);
    }
    if (values.has(value)) return value;
    if (values.size >= max) return 'other';
    values.add(value);
    return value;
  };

  const recordUpstream = (
    call: UpstreamCall,
    durationSeconds: number,
    failure?: UpstreamFailure,
  ) => {
    const base: MetricAttributes = {
      plugin,
      provider: bounded('provider', call.provider, 20),
      operation: bounded('operation', call.operation, 50),
    };
    const outcome = failure ? 'error' : 'success';
    const cluster =
      call.cluster === undefined
        ? undefined
        : bounded('cluster', call.cluster, 200);
    upstreamRequests.add(1, {
      ...base,
      outcome,
      ...(cluster !== undefined && { cluster }),
    });
    upstreamDuration.record(durationSeconds, { ...base, outcome });
    if (failure) {
      upstreamErrors.add(1, {
        ...base,
        error: bounded('error', failure.name, 100),
        ...(failure.status !== undefined && {
          status: bounded('status', String(failure.status), 60),
        }),
        ...(cluster !== undefined && { cluster }),
      });
    }
  };

  return {
    http() {
      return (req, res, next) => {
        const started = performance.now();
        const baseUrl = req.baseUrl;
        const route = (): string | undefined => {
          const path = (req as { route?: { path?: unknown } }).route?.path;
          return typeof path === 'string' ? path : undefined;
        };
        // Read by the backend's HTTP instrumentation (instrumentation.js) when the response ends.
        Object.defineProperty(req, HTTP_ROUTE_SYMBOL, {
          configurable: true,
          get: () => {
            const r = route();
            return r === undefined ? undefined : `${baseUrl}${r}`;
          },
        });
        res.once('close', () => {
          const attributes = {
            plugin,
            method: METHODS.has(req.method) ? req.method : 'OTHER',
            route: bounded('route', route() ?? 'unmatched', 100),
            status_class: res.writableFinished
              ? `${Math.floor(res.statusCode / 100)}xx`
              : 'aborted',
          };
          httpRequests.add(1, attributes);
          httpDuration.record((performance.now() - started) / 1000, attributes);
        });
        next();
      };
    },
    cache(name) {
      return result => cacheLookups.add(1, { plugin, cache: name, result });
    },
    async upstream(call, fn, classify = failureOf) {
      const started = performance.now();
      try {
        const result = await fn();
        recordUpstream(call, (performance.now() - started) / 1000);
        return result;
      } catch (error) {
        const failure = classify(error);
        if (failure) {
          recordUpstream(call, (performance.now() - started) / 1000, failure);
        }
        throw error;
      }
    },
    recordUpstream,
    bounded,
  };
}
