import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { EmptyState, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import CheckIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import {
  FluxActionResponse,
  FluxClusterViewResponse,
  FluxControllerStatus,
} from '@platform-portal/plugin-flux-common';
import { useCallback, useMemo } from 'react';
import { fluxApiRef } from '../../api';
import { isKubernetesCluster } from '../../lib/entities';
import { replaceObject, STATE_COLORS } from '../../lib/status';
import {
  ClusterErrors,
  EnvironmentChip,
  LoadGate,
  RefreshButton,
  useRefreshable,
} from '../shared';
import { FluxObjectsTable } from './FluxObjectsTable';

/** `kustomize-controller v1.4.0 1/1`: green when ready, red (with why) when not. */
function ControllerChip(props: { controller: FluxControllerStatus }) {
  const { controller } = props;
  const color = controller.ready ? STATE_COLORS.ready : STATE_COLORS.failed;
  const label = [
    controller.name,
    controller.version,
    `${controller.readyReplicas}/${controller.replicas}`,
  ]
    .filter(Boolean)
    .join(' ');
  const title = [controller.image, controller.message]
    .filter(Boolean)
    .join(' — ');
  const chip = (
    <Chip
      size="small"
      icon={
        controller.ready ? (
          <CheckIcon style={{ color }} />
        ) : (
          <ErrorIcon style={{ color: '#fff' }} />
        )
      }
      label={label}
      data-controller={controller.name}
      data-ready={controller.ready}
      variant={controller.ready ? 'outlined' : 'default'}
      style={
        controller.ready
          ? { borderColor: color, color }
          : { backgroundColor: color, color: '#fff' }
      }
    />
  );
  return title ? <Tooltip title={title}>{chip}</Tooltip> : chip;
}

function Controllers(props: { controllers: FluxControllerStatus[] }) {
  const { controllers } = props;
  if (controllers.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No Flux controllers found in the Flux namespace: is Flux installed on
        this cluster?
      </Typography>
    );
  }
  const notReady = controllers.filter(c => !c.ready).length;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 6 }}
      role="group"
      aria-label="Flux controllers"
    >
      {controllers.map(c => (
        <ControllerChip key={`${c.namespace}/${c.name}`} controller={c} />
      ))}
      {notReady > 0 && (
        <Typography variant="caption" style={{ color: STATE_COLORS.failed }}>
          {`${notReady} not ready: the objects it reconciles are not updated`}
        </Typography>
      )}
    </Box>
  );
}

function ClusterView(props: {
  entity: Entity;
  response: FluxClusterViewResponse;
  onActionDone: (response: FluxActionResponse) => void;
  refresh: () => void;
  loading: boolean;
}) {
  const { entity, response, onActionDone, refresh, loading } = props;
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const now = useMemo(() => Date.now(), [response]); // eslint-disable-line react-hooks/exhaustive-deps
  const { cluster } = response;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Paper style={{ padding: 16 }}>
          <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
            <Typography variant="h6" component="h2">
              Flux controllers
            </Typography>
            <EnvironmentChip environment={cluster.environment} />
            <Typography variant="body2" color="textSecondary">
              {cluster.name}
            </Typography>
            {cluster.dashboardUrl && (
              <Link
                to={cluster.dashboardUrl}
                target="_blank"
                rel="noopener noreferrer"
              >
                Dashboard
              </Link>
            )}
            <Box flexGrow={1} />
            <RefreshButton
              onClick={refresh}
              loading={loading}
              what="the cluster's Flux objects"
            />
          </Box>
          <Controllers controllers={response.controllers} />
        </Paper>
      </Grid>
      <Grid item xs={12}>
        <Paper style={{ padding: 16 }}>
          <Typography variant="h6" component="h2" gutterBottom>
            Flux objects
          </Typography>
          <ClusterErrors errors={response.errors} clusters={[cluster]} />
          <FluxObjectsTable
            items={response.items}
            entityRef={entityRef}
            now={now}
            onActionDone={onActionDone}
          />
        </Paper>
      </Grid>
    </Grid>
  );
}

/**
 * The Flux tab of a `kubernetes-cluster` Resource: the health of the Flux controllers, then
 * every Flux object on the cluster with counts per state, filters, a search and actions (the
 * permission is decided on the cluster entity).
 *
 * @public
 */
export function FluxClusterContent() {
  const { entity } = useEntity();
  const api = useApi(fluxApiRef);
  const cluster = isKubernetesCluster(entity);
  const key = stringifyEntityRef(entity);
  const ref = useMemo(() => getCompoundEntityRef(entity), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const load = useCallback(
    (refresh: boolean) => api.getClusterView(ref, { refresh }),
    [api, ref],
  );
  const view = useRefreshable(load, cluster);
  const { update, refresh } = view;
  const onActionDone = useCallback(
    (response: FluxActionResponse) => {
      update(value => replaceObject(value, response.object));
      refresh();
    },
    [update, refresh],
  );

  if (!cluster) {
    return (
      <EmptyState
        missing="info"
        title="Not a Kubernetes cluster"
        description="The Flux tab shows the Flux objects of a Resource with spec.type kubernetes-cluster."
      />
    );
  }
  return (
    <LoadGate
      loading={view.loading}
      value={view.value}
      error={view.error}
      retry={refresh}
    >
      {response => (
        <ClusterView
          entity={entity}
          response={response}
          onActionDone={onActionDone}
          refresh={refresh}
          loading={view.loading}
        />
      )}
    </LoadGate>
  );
}
