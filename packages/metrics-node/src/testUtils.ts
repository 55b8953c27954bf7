import {
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  MetricAttributes,
  MetricsService,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';

export interface RecordedPoint {
  name: string;
  value: number;
  attributes: MetricAttributes;
}

/**
 * A metrics service that keeps every recording in memory, for tests: counters and histograms
 * alike are lists of points, summed or counted by name and matching attributes.
 */
export class InMemoryMetrics implements MetricsService {
  readonly points: RecordedPoint[] = [];

  private instrument(name: string) {
    const record = (value: number, attributes: MetricAttributes = {}) => {
      this.points.push({ name, value, attributes });
    };
    return { add: record, record };
  }

  private observable() {
    return { addCallback: () => {}, removeCallback: () => {} };
  }

  createCounter(name: string) {
    return this.instrument(name);
  }
  createUpDownCounter(name: string) {
    return this.instrument(name);
  }
  createHistogram(name: string) {
    return this.instrument(name);
  }
  createGauge(name: string) {
    return this.instrument(name);
  }
  createObservableCounter() {
    return this.observable();
  }
  createObservableUpDownCounter() {
    return this.observable();
  }
  createObservableGauge() {
    return this.observable();
  }

  /** The points of a metric whose attributes include `match`. */
  select(name: string, match: MetricAttributes = {}): RecordedPoint[] {
    return this.points.filter(
      p =>
        p.name === name &&
        Object.entries(match).every(([k, v]) => p.attributes[k] === v),
    );
  }

  /** A counter's total. */
  sum(name: string, match: MetricAttributes = {}): number {
    return this.select(name, match).reduce((s, p) => s + p.value, 0);
  }

  /** How many values a histogram recorded. */
  count(name: string, match: MetricAttributes = {}): number {
    return this.select(name, match).length;
  }

  /** The distinct values one attribute took in a metric. */
  values(name: string, attribute: string): string[] {
    return [
      ...new Set(this.select(name).map(p => String(p.attributes[attribute]))),
    ].sort();
  }

  /** A factory for `startTestBackend` that hands this instance to every plugin. */
  factory(): ServiceFactory<MetricsService, 'plugin', 'singleton'> {
    return createServiceFactory({
      service: metricsServiceRef,
      deps: {},
      factory: () => this,
    });
  }
}
