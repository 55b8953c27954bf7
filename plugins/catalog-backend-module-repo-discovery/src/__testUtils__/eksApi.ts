/**
 * msw handlers that answer like the Amazon EKS API (REST-JSON) for ListClusters and
 * DescribeCluster, per region:
 *
 * - `GET https://eks.<region>.amazonaws.com/clusters?maxResults=&nextToken=` →
 *   `{ clusters: string[], nextToken? }`
 * - `GET https://eks.<region>.amazonaws.com/clusters/<name>` → `{ cluster: { name, arn, endpoint,
 *   certificateAuthority: { data }, status, version, tags, createdAt, ... } }`
 * - errors: HTTP status, `x-amzn-ErrorType: <Code>` and `{ "message": "..." }`, as AWS sends them.
 *
 * Requests to a region the handlers do not know are left unhandled (msw then fails them), which
 * makes a request to the wrong regional endpoint visible. Use with
 * `registerMswTestHooks(setupServer())` and `server.use(...createEksHandlers({...}))`.
 */
import { http, HttpHandler, HttpResponse } from 'msw';

/** A cluster as the fake EKS API holds it; anything left out gets a plausible value. */
export interface FakeEksCluster {
  name: string;
  arn?: string;
  /** `null` for a cluster that has none yet (status CREATING). */
  endpoint?: string | null;
  caData?: string;
  status?:
    | 'CREATING'
    | 'ACTIVE'
    | 'DELETING'
    | 'FAILED'
    | 'UPDATING'
    | 'PENDING';
  version?: string;
  tags?: Record<string, string>;
  /** Epoch milliseconds. */
  createdAt?: number;
}

/** Options of {@link createEksHandlers}. */
export interface EksHandlersOptions {
  /** The clusters of each region. */
  regions: Record<string, FakeEksCluster[]>;
  /** Regions whose every call answers 403 AccessDeniedException. */
  accessDenied?: string[];
  /** Regions whose every call answers 429 ThrottlingException. */
  throttled?: string[];
  /** Cluster names whose DescribeCluster answers 500 ServerException. */
  describeFailures?: string[];
  /** Clusters per ListClusters page (AWS allows up to 100). @defaultValue 2 */
  pageSize?: number;
  /** Account of the ARNs. @defaultValue 123456789012 */
  accountId?: string;
  /**
   * Only requests signed with this access key are answered (others fall through to later
   * handlers), so two accounts can be simulated side by side.
   */
  accessKeyId?: string;
}

/** A request the fake EKS API answered. */
export interface EksApiRequest {
  region: string;
  operation: 'ListClusters' | 'DescribeCluster';
  /** The path and query, e.g. `/clusters?maxResults=100&nextToken=...`. */
  path: string;
  nextToken?: string;
  clusterName?: string;
  /** From the SigV4 `Authorization` header. */
  accessKeyId?: string;
  /** From the SigV4 credential scope. */
  signingRegion?: string;
  signingService?: string;
}

const DEFAULT_CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n',
).toString('base64');

function hexId(name: string, region: string) {
  let h = 0;
  for (const c of `${region}/${name}`) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0').repeat(4);
}

/** The DescribeCluster `cluster` object AWS returns for a fake cluster. */
export function eksClusterResponse(
  cluster: FakeEksCluster,
  region: string,
  accountId: string,
) {
  const status = cluster.status ?? 'ACTIVE';
  const endpoint =
    cluster.endpoint === undefined
      ? `https://${hexId(cluster.name, region)}.gr7.${region}.eks.amazonaws.com`
      : cluster.endpoint;
  return {
    name: cluster.name,
    arn:
      cluster.arn ??
      `arn:aws:eks:${region}:${accountId}:cluster/${cluster.name}`,
    createdAt: (cluster.createdAt ?? Date.UTC(2025, 0, 15, 9, 30)) / 1000,
    version: cluster.version ?? '1.31',
    ...(endpoint ? { endpoint } : {}),
    roleArn: `arn:aws:iam::${accountId}:role/${cluster.name}-cluster-role`,
    resourcesVpcConfig: {
      subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      securityGroupIds: [],
      clusterSecurityGroupId: 'sg-0a1b2c3d4e5f60003',
      vpcId: 'vpc-0a1b2c3d4e5f60004',
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['0.0.0.0/0'],
    },
    kubernetesNetworkConfig: {
      serviceIpv4Cidr: '172.20.0.0/16',
      ipFamily: 'ipv4',
    },
    logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: true }] },
    identity: {
      oidc: {
        issuer: `https://oidc.eks.${region}.amazonaws.com/id/${hexId(
          cluster.name,
          region,
        )}`,
      },
    },
    status,
    ...(status === 'CREATING'
      ? {}
      : { certificateAuthority: { data: cluster.caData ?? DEFAULT_CA } }),
    platformVersion: 'eks.12',
    tags: cluster.tags ?? {},
    accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
  };
}

function awsError(status: number, code: string, message: string) {
  return HttpResponse.json(
    { message },
    {
      status,
      headers: {
        'x-amzn-ErrorType': `${code}:http://internal.amazon.com/coral/com.amazonaws.eks/`,
        'x-amzn-RequestId': '5f0c6f5e-0000-4000-8000-000000000000',
      },
    },
  );
}

function parseAuthorization(header: string | null) {
  // AWS4-HMAC-SHA256 Credential=AKID/20250115/eu-central-1/eks/aws4_request, SignedHeaders=..., Signature=...
  const match =
    /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      header ?? '',
    );
  return match
    ? {
        accessKeyId: match[1],
        signingRegion: match[2],
        signingService: match[3],
      }
    : {};
}

/**
 * Handlers for the regions in `options` (and those in `accessDenied`/`throttled`). The returned
 * array also carries `requests`: every request answered, in order.
 */
export function createEksHandlers(
  options: EksHandlersOptions,
): HttpHandler[] & { requests: EksApiRequest[] } {
  const requests: EksApiRequest[] = [];
  const pageSize = options.pageSize ?? 2;
  const accountId = options.accountId ?? '123456789012';
  const regions = [
    ...new Set([
      ...Object.keys(options.regions),
      ...(options.accessDenied ?? []),
      ...(options.throttled ?? []),
    ]),
  ];

  const guard = (
    region: string,
    request: Request,
    operation: EksApiRequest['operation'],
  ) => {
    const auth = parseAuthorization(request.headers.get('authorization'));
    if (options.accessKeyId && auth.accessKeyId !== options.accessKeyId)
      return undefined;
    const url = new URL(request.url);
    const entry: EksApiRequest = {
      region,
      operation,
      path: `${url.pathname}${url.search}`,
      ...auth,
    };
    requests.push(entry);
    if (options.accessDenied?.includes(region)) {
      const action =
        operation === 'ListClusters'
          ? 'eks:ListClusters'
          : 'eks:DescribeCluster';
      return {
        entry,
        response: awsError(
          403,
          'AccessDeniedException',
          `User: arn:aws:sts::${accountId}:assumed-role/backstage/portal is not authorized to perform: ${action} on resource: arn:aws:eks:${region}:${accountId}:cluster/*`,
        ),
      };
    }
    if (options.throttled?.includes(region)) {
      return {
        entry,
        response: awsError(429, 'ThrottlingException', 'Rate exceeded'),
      };
    }
    return { entry, response: undefined };
  };

  const handlers = regions.flatMap(region => {
    const base = `https://eks.${region}.amazonaws.com`;
    const clusters = options.regions[region] ?? [];
    return [
      http.get(`${base}/clusters`, ({ request }) => {
        const checked = guard(region, request, 'ListClusters');
        if (!checked) return undefined;
        if (checked.response) return checked.response;
        const url = new URL(request.url);
        const token = url.searchParams.get('nextToken') ?? undefined;
        checked.entry.nextToken = token;
        const maxResults = Number(url.searchParams.get('maxResults') ?? 100);
        if (
          !Number.isInteger(maxResults) ||
          maxResults < 1 ||
          maxResults > 100
        ) {
          return awsError(
            400,
            'InvalidParameterException',
            'maxResults must be between 1 and 100',
          );
        }
        const start = token
          ? Number(Buffer.from(token, 'base64').toString('utf8'))
          : 0;
        if (!Number.isInteger(start) || start < 0 || start > clusters.length) {
          return awsError(
            400,
            'InvalidParameterException',
            'The pagination token is invalid.',
          );
        }
        const end = Math.min(
          start + Math.min(pageSize, maxResults),
          clusters.length,
        );
        return HttpResponse.json({
          clusters: clusters.slice(start, end).map(c => c.name),
          ...(end < clusters.length
            ? { nextToken: Buffer.from(String(end)).toString('base64') }
            : {}),
        });
      }),
      http.get(`${base}/clusters/:name`, ({ request, params }) => {
        const checked = guard(region, request, 'DescribeCluster');
        if (!checked) return undefined;
        const name = decodeURIComponent(String(params.name));
        checked.entry.clusterName = name;
        if (checked.response) return checked.response;
        if (options.describeFailures?.includes(name)) {
          return awsError(
            500,
            'ServerException',
            'An internal error occurred.',
          );
        }
        const cluster = clusters.find(c => c.name === name);
        if (!cluster) {
          return HttpResponse.json(
            {
              message: `No cluster found for name: ${name}.`,
              clusterName: name,
            },
            {
              status: 404,
              headers: { 'x-amzn-ErrorType': 'ResourceNotFoundException' },
            },
          );
        }
        return HttpResponse.json({
          cluster: eksClusterResponse(cluster, region, accountId),
        });
      }),
    ];
  });
  return Object.assign(handlers, { requests });
}
