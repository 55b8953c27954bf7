import {
  CompoundEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ANNOTATION_FLUX_KUSTOMIZATIONS,
  ANNOTATION_KUBERNETES_ID,
  FluxCluster,
  FluxEntityObjectsResponse,
  FluxKind,
  FluxObjectSummary,
} from '@platform-portal/plugin-flux-common';
import { ReactNode, useMemo } from 'react';
import { plural } from '../../lib/format';
import { gitSourceIndex } from '../../lib/revision';
import { byClusterThenName, countStates, objectKey } from '../../lib/status';
import { FluxActionsMenu } from '../FluxActionsMenu';
import { LoadGate, NotConfigured, RefreshButton } from './Bits';
import { ClusterErrors } from './ClusterErrors';
import { ClusterLabel, clusterLookup } from './ClusterLabel';
import { StateCountChips } from './StateSummary';
import { useEntityFluxObjects } from './useFluxObjects';

/** What a card's columns need besides the object. */
export interface CardContext {
  response: FluxEntityObjectsResponse;
  cluster: (name: string) => FluxCluster;
  /** The URL of the GitRepository an object reads from, when it was read too. */
  gitUrlOf: (object: FluxObjectSummary) => string | undefined;
  now: number;
}

/** One column of a card's table. */
export interface CardColumn {
  title: string;
  render: (object: FluxObjectSummary, context: CardContext) => ReactNode;
  width?: number | string;
}

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': {
      padding: theme.spacing(0.75, 1),
      verticalAlign: 'top',
    },
    '& td:first-child, & th:first-child': { paddingLeft: 0 },
  },
  actions: { width: 40, paddingRight: '0 !important' },
}));

function EmptyObjects(props: { kinds: string; clusters: number }) {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[ANNOTATION_KUBERNETES_ID];
  const kustomizations = annotations[ANNOTATION_FLUX_KUSTOMIZATIONS];
  return (
    <Box py={1}>
      <Typography variant="body2">
        {`No ${props.kinds} found on ${plural(props.clusters, 'cluster')}.`}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        {id ? (
          <>
            Flux objects are matched by the label{' '}
            <code>{`${ANNOTATION_KUBERNETES_ID}=${id}`}</code>
          </>
        ) : (
          <>
            This entity has no <code>{ANNOTATION_KUBERNETES_ID}</code>{' '}
            annotation to match Flux objects by label
          </>
        )}
        {kustomizations ? (
          <>
            {' '}
            and by{' '}
            <code>{`${ANNOTATION_FLUX_KUSTOMIZATIONS}: ${kustomizations}`}</code>
          </>
        ) : null}
        .
      </Typography>
    </Box>
  );
}

/**
 * The frame of the three object cards: one read of the entity's Flux objects (shared on the
 * Deployments tab), per-cluster errors above the rows without hiding them, the objects of the
 * card's kinds in environment order, and an actions menu per row.
 */
export function FluxObjectsCard(props: {
  title: string;
  kinds: FluxKind[];
  /** `Kustomizations or HelmReleases`, for the empty state. */
  kindsLabel: string;
  columns: CardColumn[];
}) {
  const { title, kinds, kindsLabel, columns } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const state = useEntityFluxObjects(entity);
  const { configured, value, refresh, loading, onActionDone } = state;
  const entityRef: CompoundEntityRef = useMemo(
    () => getCompoundEntityRef(entity),
    [entity],
  );

  const rows = useMemo(() => {
    if (!value) return [];
    return value.items
      .filter(item => kinds.includes(item.kind))
      .sort(byClusterThenName(value.clusters.map(c => c.name)));
  }, [value, kinds]);
  const context = useMemo<CardContext | undefined>(
    () =>
      value && {
        response: value,
        cluster: clusterLookup(value.clusters),
        gitUrlOf: gitSourceIndex(value.items),
        now: Date.now(),
      },
    [value],
  );
  const counts = useMemo(() => countStates(rows), [rows]);

  if (!configured) {
    return (
      <InfoCard title={title}>
        <NotConfigured />
      </InfoCard>
    );
  }

  return (
    <InfoCard
      title={title}
      subheader={
        rows.length > 0 ? <StateCountChips counts={counts} /> : undefined
      }
      action={
        <RefreshButton onClick={refresh} loading={loading} what={title} />
      }
    >
      <LoadGate
        loading={loading}
        value={value}
        error={state.error}
        retry={refresh}
      >
        {response => (
          <>
            <ClusterErrors
              errors={response.errors}
              clusters={response.clusters}
              kinds={kinds}
            />
            {rows.length === 0 ? (
              <EmptyObjects
                kinds={kindsLabel}
                clusters={response.clusters.length}
              />
            ) : (
              <Table size="small" className={classes.table} aria-label={title}>
                <TableHead>
                  <TableRow>
                    <TableCell>Cluster</TableCell>
                    {columns.map(c => (
                      <TableCell key={c.title} style={{ width: c.width }}>
                        {c.title}
                      </TableCell>
                    ))}
                    <TableCell className={classes.actions} />
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map(object => (
                    <TableRow
                      key={objectKey(object)}
                      data-object={objectKey(object)}
                      hover
                    >
                      <TableCell>
                        <ClusterLabel
                          cluster={context!.cluster(object.cluster)}
                        />
                      </TableCell>
                      {columns.map(c => (
                        <TableCell key={c.title}>
                          {c.render(object, context!)}
                        </TableCell>
                      ))}
                      <TableCell className={classes.actions}>
                        <FluxActionsMenu
                          object={object}
                          entityRef={entityRef}
                          clusterEntityRef={
                            context!.cluster(object.cluster).entityRef
                          }
                          onDone={onActionDone}
                        />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </LoadGate>
    </InfoCard>
  );
}
