/*
 * OpenTelemetry for the portal backend: the metrics Backstage and our plugins record (through
 * the global meter provider, which the backend's `metricsServiceRef` uses) served in the
 * Prometheus text format on their own port, the HTTP server's request durations, and a few
 * Node.js runtime gauges. See docs/operations.md, "Metrics".
 *
 * It must run before the backend loads, so it is plain CommonJS, preloaded with `--require`:
 *
 *   development  backstage-cli package start --require ./src/instrumentation.js
 *   production   node --require ./packages/backend/instrumentation.js packages/backend --config …
 *                (the image copies this file next to the bundle: it is not part of dist/)
 *
 * Settings (environment):
 *   PORTAL_METRICS_PORT   the Prometheus endpoint's port; default 9464; `0` or `off` turns the
 *                         whole SDK off (Backstage's metrics service then records nothing)
 *   PORTAL_METRICS_HOST   the address it listens on; default 0.0.0.0
 *   OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES   override the resource (service.name
 *                         `platform-portal-backend`, service.instance.id the host name)
 *   OTEL_TRACES_EXPORTER, OTEL_LOGS_EXPORTER     default `none` here (the SDK's default would
 *                         send to an OTLP collector on localhost); set `otlp` to export them
 */
const { isMainThread } = require('node:worker_threads');

/** A route label for requests no plugin of ours named: the plugin's mount point, capped. */
const coarseRoutes = new Set();
function coarseRoute(url) {
  const path = String(url ?? '/').split('?')[0];
  let route = '/*'; // the app's pages and static files
  const api = /^\/api\/([a-z0-9][a-z0-9-]{0,62})(?:\/|$)/i.exec(path);
  const dotBackstage = /^\/\.backstage\/([a-z0-9-]{1,63})(?:\/|$)/i.exec(path);
  if (api) route = `/api/${api[1]}`;
  else if (dotBackstage) route = `/.backstage/${dotBackstage[1]}`;
  if (route !== '/*' && !coarseRoutes.has(route)) {
    if (coarseRoutes.size >= 100) return 'other';
    coarseRoutes.add(route);
  }
  return route;
}

/** Where the plugins' routers leave the route template of a request (see their metrics.ts). */
const HTTP_ROUTE_SYMBOL = Symbol.for('platform-portal.http.route');

function log(level, message) {
  // The backend's own logger does not exist yet; in production its lines are JSON, so are ours.
  const line =
    process.env.NODE_ENV === 'production'
      ? JSON.stringify({ level, message, service: 'instrumentation' })
      : `[instrumentation] ${level}: ${message}`;
  (level === 'warn' ? console.warn : console.log)(line);
}

function metricsPort() {
  const raw = (process.env.PORTAL_METRICS_PORT ?? '').trim().toLowerCase();
  if (raw === '') return 9464;
  if (['0', 'off', 'false', 'disabled', 'none'].includes(raw)) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    log('warn', `PORTAL_METRICS_PORT=${raw} is not a port: metrics are off`);
    return undefined;
  }
  return port;
}

/** Gauges Prometheus' Node.js dashboards expect (prom-client's names), read at each scrape. */
function registerRuntimeMetrics(meter) {
  const { monitorEventLoopDelay } = require('node:perf_hooks');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const startTime = Date.now() / 1000 - process.uptime();

  meter
    .createObservableCounter('process_cpu_seconds', {
      description: 'User and system CPU time spent by the backend',
      unit: 's',
    })
    .addCallback(result => {
      const { user, system } = process.cpuUsage();
      result.observe((user + system) / 1e6);
    });
  meter
    .createObservableGauge('process_start_time_seconds', {
      description:
        'When the backend process started, in seconds since the epoch',
      unit: 's',
    })
    .addCallback(result => result.observe(startTime));
  meter
    .createObservableGauge('process_resident_memory_bytes', {
      description: 'Resident memory of the backend process, in bytes',
    })
    .addCallback(result => result.observe(process.memoryUsage().rss));
  meter
    .createObservableGauge('nodejs_heap_size_used_bytes', {
      description: 'V8 heap in use, in bytes',
    })
    .addCallback(result => result.observe(process.memoryUsage().heapUsed));
  meter
    .createObservableGauge('nodejs_heap_size_total_bytes', {
      description: 'V8 heap allocated, in bytes',
    })
    .addCallback(result => result.observe(process.memoryUsage().heapTotal));
  const lagP99 = meter.createObservableGauge(
    'nodejs_eventloop_lag_p99_seconds',
    {
      description:
        'Event loop delay, 99th percentile since the previous scrape',
      unit: 's',
    },
  );
  const lagMax = meter.createObservableGauge(
    'nodejs_eventloop_lag_max_seconds',
    {
      description: 'Event loop delay, maximum since the previous scrape',
      unit: 's',
    },
  );
  meter.addBatchObservableCallback(
    result => {
      if (delay.count > 0) {
        result.observe(lagP99, delay.percentile(99) / 1e9);
        result.observe(lagMax, delay.max / 1e9);
      }
      delay.reset();
    },
    [lagP99, lagMax],
  );
}

function start() {
  const port = metricsPort();
  if (port === undefined) return;
  const host = process.env.PORTAL_METRICS_HOST || '0.0.0.0';

  process.env.OTEL_TRACES_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  // No random service.instance.id: the host (the pod's name on Kubernetes) names the instance.
  // No process detector either: it would publish the command line on the metrics port.
  process.env.OTEL_NODE_RESOURCE_DETECTORS ??= 'env,host,os';
  const instance = process.env.HOSTNAME || require('node:os').hostname();
  process.env.OTEL_RESOURCE_ATTRIBUTES = [
    'service.namespace=platform-portal',
    `service.instance.id=${encodeURIComponent(instance)}`,
    'process.runtime.name=nodejs',
    `process.runtime.version=${process.versions.node}`,
    process.env.OTEL_RESOURCE_ATTRIBUTES,
  ]
    .filter(Boolean)
    .join(',');

  const api = require('@opentelemetry/api');
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
  const {
    HttpInstrumentation,
  } = require('@opentelemetry/instrumentation-http');

  const exporter = new PrometheusExporter({ host, port }, error => {
    if (error) {
      log('warn', `metrics endpoint not started on ${host}:${port}: ${error}`);
    } else {
      log('info', `metrics endpoint on http://${host}:${port}/metrics`);
    }
  });

  // The HTTP server's `http.server.request.duration` with a bounded `http.route`: the template our
  // plugins' routers matched, else the mount point (`/api/catalog`), never the raw path.
  const rpcMetadataKey = api.createContextKey(
    'OpenTelemetry SDK Context Key RPC_METADATA',
  );
  const http = new HttpInstrumentation({
    // Prometheus' own scrapes of the endpoint above are not the backend's traffic.
    ignoreIncomingRequestHook: request => request.socket?.localPort === port,
    requestHook: (_span, request) => {
      if (typeof request.getHeader === 'function') return; // outgoing
      const rpc = api.context.active().getValue(rpcMetadataKey);
      if (!rpc || rpc.route !== undefined) return;
      // Now, before Express rewrites request.url inside the routers; read when the response ends.
      const coarse = coarseRoute(request.url);
      Object.defineProperty(rpc, 'route', {
        configurable: true,
        enumerable: true,
        get: () => request[HTTP_ROUTE_SYMBOL] ?? coarse,
      });
    },
  });

  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || 'platform-portal-backend',
    metricReaders: [exporter],
    instrumentations: [http],
  });
  sdk.start();
  registerRuntimeMetrics(api.metrics.getMeter('platform-portal-runtime'));
}

// Worker threads inherit --require; only the main thread owns the SDK and the port.
if (isMainThread) start();
