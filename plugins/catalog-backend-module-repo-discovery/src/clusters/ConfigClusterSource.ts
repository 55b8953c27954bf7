import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import {
  ANNOTATION_K8S_AUTH_PROVIDER,
  ANNOTATION_K8S_AWS_ASSUME_ROLE,
  ANNOTATION_K8S_AWS_CLUSTER_ID,
  ANNOTATION_K8S_AWS_EXTERNAL_ID,
  ANNOTATION_K8S_OIDC_TOKEN_PROVIDER,
} from './kubernetesAnnotations';
import { environmentFromName, regionFromEksEndpoint } from './names';
import { ClusterSource, DiscoveredCluster } from './types';

/** Options of {@link ConfigClusterSource}. */
export interface ConfigClusterSourceOptions {
  /** The root config; the clusters are read from `kubernetes.clusterLocatorMethods`. */
  config: Config;
  /** Told about cluster entries it skips. */
  logger?: LoggerService;
}

function stringOf(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/**
 * The clusters of the Kubernetes plugin's own config: `kubernetes.clusterLocatorMethods[]`
 * entries of `type: config`, read the way its ConfigClusterLocator reads them. Only connection
 * facts are kept; `serviceAccountToken` and any other key of `authMetadata` that is not a known,
 * non-secret `kubernetes.io/` key are never copied.
 *
 * The config is read on every {@link ConfigClusterSource.listClusters} call.
 */
export class ConfigClusterSource implements ClusterSource {
  readonly id = 'config';

  static fromConfig(config: Config, options?: { logger?: LoggerService }) {
    return new ConfigClusterSource({ config, logger: options?.logger });
  }

  constructor(private readonly options: ConfigClusterSourceOptions) {}

  async listClusters(): Promise<DiscoveredCluster[]> {
    const methods =
      this.options.config.getOptionalConfigArray(
        'kubernetes.clusterLocatorMethods',
      ) ?? [];
    const clusters: DiscoveredCluster[] = [];
    methods.forEach((method, index) => {
      if (method.getOptionalString('type') !== 'config') return;
      for (const entry of method.getOptionalConfigArray('clusters') ?? []) {
        const cluster = this.readCluster(entry, index);
        if (cluster) clusters.push(cluster);
      }
    });
    return clusters;
  }

  private readCluster(
    entry: Config,
    methodIndex: number,
  ): DiscoveredCluster | undefined {
    const name = entry.getOptionalString('name');
    const url = entry.getOptionalString('url');
    if (!name || !url) {
      this.options.logger?.warn(
        `Skipping a cluster of kubernetes.clusterLocatorMethods[${methodIndex}] without name or url`,
      );
      return undefined;
    }
    // Upstream: authMetadata wins over the flat, older keys.
    const rawMetadata = entry.getOptional('authMetadata');
    const authMetadata =
      rawMetadata &&
      typeof rawMetadata === 'object' &&
      !Array.isArray(rawMetadata)
        ? (rawMetadata as Record<string, JsonValue>)
        : {};
    const authProvider =
      stringOf(authMetadata[ANNOTATION_K8S_AUTH_PROVIDER]) ??
      entry.getOptionalString('authProvider');
    const assumeRole =
      stringOf(authMetadata[ANNOTATION_K8S_AWS_ASSUME_ROLE]) ??
      entry.getOptionalString('assumeRole');
    const externalId =
      stringOf(authMetadata[ANNOTATION_K8S_AWS_EXTERNAL_ID]) ??
      entry.getOptionalString('externalId');
    const eksName = stringOf(authMetadata[ANNOTATION_K8S_AWS_CLUSTER_ID]);
    const region = regionFromEksEndpoint(url);
    const aws =
      authProvider === 'aws' || eksName || assumeRole || region
        ? withoutUndefined({
            region,
            // The plugin signs for the cluster's name when x-k8s-aws-id is not set.
            eksName: eksName ?? (authProvider === 'aws' ? name : undefined),
            assumeRole,
            externalId,
          })
        : undefined;
    const title = entry.getOptionalString('title');
    return withoutUndefined<DiscoveredCluster>({
      name,
      sources: ['config'],
      title,
      apiServer: url,
      caData: entry.getOptionalString('caData'),
      authProvider,
      oidcTokenProvider:
        stringOf(authMetadata[ANNOTATION_K8S_OIDC_TOKEN_PROVIDER]) ??
        entry.getOptionalString('oidcTokenProvider'),
      skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify'),
      skipMetricsLookup: entry.getOptionalBoolean('skipMetricsLookup'),
      dashboardUrl: entry.getOptionalString('dashboardUrl'),
      dashboardApp: entry.getOptionalString('dashboardApp'),
      environment: environmentFromName(name) ?? environmentFromName(title),
      aws,
    });
  }
}
