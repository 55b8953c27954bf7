import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  ClusterError,
  FluxCluster,
  FluxKind,
} from '@platform-portal/plugin-flux-common';
import { plural } from '../../lib/format';

const useStyles = makeStyles(theme => ({
  alert: { marginBottom: theme.spacing(1) },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  item: { wordBreak: 'break-word' },
  name: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
  },
}));

/** Errors worth showing beside objects of `kinds`: those of the whole cluster, and of the kinds. */
export function errorsFor(
  errors: ClusterError[],
  kinds?: FluxKind[],
): ClusterError[] {
  if (!kinds) return errors;
  return errors.filter(e => !e.kind || kinds.includes(e.kind));
}

/**
 * The clusters (or kinds on a cluster) that could not be read, one line each: cluster, error
 * name and message. A warning, not an error page: what the other clusters returned is still
 * shown below it.
 */
export function ClusterErrors(props: {
  errors: ClusterError[];
  clusters?: FluxCluster[];
  /** Only the errors that concern these kinds (and whole clusters). */
  kinds?: FluxKind[];
}) {
  const { errors, clusters = [], kinds } = props;
  const classes = useStyles();
  const shown = errorsFor(errors, kinds);
  if (shown.length === 0) return null;
  const titles = new Map(clusters.map(c => [c.name, c.title]));
  const clusterCount = new Set(shown.map(e => e.cluster)).size;
  const partial = shown.filter(e => e.kind).length;
  const count = plural(clusterCount, 'cluster');
  let title = `Could not read everything from ${count}`;
  if (partial === 0) title = `Could not read ${count}`;
  else if (partial === shown.length) {
    title = `Some objects could not be read on ${count}`;
  }
  return (
    <Alert
      severity="warning"
      className={classes.alert}
      data-testid="cluster-errors"
    >
      <AlertTitle>{title}</AlertTitle>
      <ul className={classes.list}>
        {shown.map((e, i) => (
          <li
            key={`${e.cluster}/${e.kind ?? ''}/${i}`}
            className={classes.item}
            data-cluster-error={e.cluster}
          >
            <Tooltip title={titles.get(e.cluster) ?? e.cluster}>
              <strong>{e.cluster}</strong>
            </Tooltip>
            {e.kind ? ` (${e.kind})` : ''}
            {': '}
            <span className={classes.name}>{e.error.name}</span>{' '}
            {e.error.message}
            {e.error.statusCode ? ` (HTTP ${e.error.statusCode})` : ''}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
