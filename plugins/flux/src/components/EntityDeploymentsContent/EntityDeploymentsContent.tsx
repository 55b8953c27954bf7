import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import InfoIcon from '@material-ui/icons/InfoOutlined';
import {
  ANNOTATION_KUBERNETES_ID,
  DeploymentsResponse,
} from '@platform-portal/plugin-flux-common';
import { useCallback, useMemo } from 'react';
import { fluxApiRef } from '../../api';
import { plural } from '../../lib/format';
import { isFluxAvailable } from '../../lib/entities';
import { EntityFluxDeploymentsCard } from '../EntityFluxDeploymentsCard';
import { EntityFluxImageAutomationCard } from '../EntityFluxImageAutomationCard';
import { EntityFluxSourcesCard } from '../EntityFluxSourcesCard';
import {
  ClusterErrors,
  CountChip,
  FluxObjectsProvider,
  LoadGate,
  NotConfigured,
  Refreshable,
  RefreshButton,
  useEntityFluxObjects,
  useRefreshable,
} from '../shared';
import { DeploymentsTable, isUnhealthy } from './DeploymentsTable';

function useDeployments(entity: Entity) {
  const api = useApi(fluxApiRef);
  const key = stringifyEntityRef(entity);
  const ref = useMemo(() => getCompoundEntityRef(entity), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const load = useCallback(
    (refresh: boolean) => api.getDeployments(ref, { refresh }),
    [api, ref],
  );
  return useRefreshable(load, isFluxAvailable(entity));
}

function Counts(props: { response: DeploymentsResponse }) {
  const { rows, clusters } = props.response;
  const environments = new Set(
    rows.map(r => r.cluster.environment).filter(Boolean),
  ).size;
  const clustersWithRows = new Set(rows.map(r => r.cluster.name)).size;
  const unhealthy = rows.filter(isUnhealthy);
  const degraded = unhealthy.filter(r => r.health.state === 'degraded').length;
  return (
    <Box
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      style={{ gap: 6 }}
      role="group"
      aria-label="Summary"
    >
      <CountChip label={plural(environments, 'environment')} />
      <CountChip
        label={plural(clustersWithRows, 'cluster')}
        title={`Running on ${clustersWithRows} of the ${plural(
          clusters.length,
          'cluster',
        )} asked`}
      />
      <CountChip label={plural(rows.length, 'workload')} />
      <CountChip
        label={`${unhealthy.length} unhealthy`}
        tone={unhealthy.length > 0 ? 'bad' : 'good'}
        title={
          unhealthy.length > 0
            ? `${degraded} degraded, ${
                unhealthy.length - degraded
              } progressing or unknown`
            : 'Every workload has its replicas ready'
        }
      />
    </Box>
  );
}

const workloadExample = (
  id: string,
) => `# The workload (Deployment, StatefulSet or DaemonSet) and its pod template
metadata:
  labels:
    ${ANNOTATION_KUBERNETES_ID}: ${id}
spec:
  template:
    metadata:
      labels:
        ${ANNOTATION_KUBERNETES_ID}: ${id}`;

function NoWorkloads(props: { entity: Entity; clusters: number }) {
  const id = props.entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
  return (
    <EmptyState
      missing="data"
      title="No workloads found"
      description={
        id ? (
          <>
            {`None of the ${plural(
              props.clusters,
              'cluster',
            )} runs a Deployment, StatefulSet or DaemonSet labelled `}
            <code>{`${ANNOTATION_KUBERNETES_ID}=${id}`}</code>. Add the label to
            the workload and its pod template; Flux applies it with the rest of
            the manifests.
          </>
        ) : (
          <>
            This entity has no <code>{ANNOTATION_KUBERNETES_ID}</code>{' '}
            annotation, so its workloads cannot be found. Add it to the entity,
            and the same label to its workloads.
          </>
        )
      }
      action={
        <CodeSnippet
          text={workloadExample(id ?? props.entity.metadata.name)}
          language="yaml"
        />
      }
    />
  );
}

function DeploymentsPage(props: {
  entity: Entity;
  deployments: Refreshable<DeploymentsResponse>;
}) {
  const { entity, deployments } = props;
  const objects = useEntityFluxObjects(entity);
  const now = useMemo(() => Date.now(), [deployments.value]); // eslint-disable-line react-hooks/exhaustive-deps
  const refreshAll = () => {
    deployments.refresh();
    objects.refresh();
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Paper style={{ padding: 16 }}>
          <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
            <Typography variant="h6" component="h2">
              What runs where
            </Typography>
            <Box flexGrow={1}>
              {deployments.value && <Counts response={deployments.value} />}
            </Box>
            <RefreshButton
              onClick={refreshAll}
              loading={deployments.loading}
              what="the workloads and Flux objects"
            />
          </Box>
          <LoadGate
            loading={deployments.loading}
            value={deployments.value}
            error={deployments.error}
            retry={deployments.refresh}
          >
            {response => (
              <>
                <ClusterErrors
                  errors={response.errors}
                  clusters={response.clusters}
                />
                {response.imagesError && (
                  <Box
                    display="flex"
                    alignItems="center"
                    mb={1}
                    style={{ gap: 4 }}
                    data-testid="images-error"
                  >
                    <InfoIcon fontSize="small" color="disabled" />
                    <Typography variant="caption" color="textSecondary">
                      {`Tag classes and scans are unavailable: ${response.imagesError.name}: ${response.imagesError.message}`}
                    </Typography>
                  </Box>
                )}
                {response.rows.length === 0 ? (
                  <NoWorkloads
                    entity={entity}
                    clusters={response.clusters.length}
                  />
                ) : (
                  <Box overflow="auto">
                    <DeploymentsTable
                      rows={response.rows}
                      imagesUnavailable={!!response.imagesError}
                      now={now}
                    />
                  </Box>
                )}
              </>
            )}
          </LoadGate>
        </Paper>
      </Grid>
      <Grid item xs={12}>
        <EntityFluxDeploymentsCard />
      </Grid>
      <Grid item xs={12}>
        <EntityFluxSourcesCard />
      </Grid>
      <Grid item xs={12}>
        <EntityFluxImageAutomationCard />
      </Grid>
    </Grid>
  );
}

/**
 * The Deployments tab: what runs where. Per environment and cluster, each workload of the
 * entity with the image it runs (tag, tag class, digest, scan), its health and the Flux object
 * and commit that applied it; below, the Flux cards, sharing one read of the Flux objects.
 *
 * @public
 */
export function EntityDeploymentsContent() {
  const { entity } = useEntity();
  const deployments = useDeployments(entity);
  if (!isFluxAvailable(entity)) return <NotConfigured />;
  return (
    // An action in a card changes what applied the workloads: read them again too.
    <FluxObjectsProvider entity={entity} onAction={deployments.refresh}>
      <DeploymentsPage entity={entity} deployments={deployments} />
    </FluxObjectsProvider>
  );
}
