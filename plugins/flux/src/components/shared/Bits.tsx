import {
  CodeSnippet,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import {
  ANNOTATION_FLUX_KUSTOMIZATIONS,
  ANNOTATION_KUBERNETES_ID,
  FluxStatus,
} from '@platform-portal/plugin-flux-common';
import { ReactNode } from 'react';
import { absoluteTime, relativeTime } from '../../lib/format';
import { STATE_COLORS } from '../../lib/status';
import { FluxStatusChip } from '../FluxStatusChip';

/** A time as `3 hours ago`, the absolute time in the tooltip. */
export function TimeText(props: { iso?: string; now: number; title?: string }) {
  const { iso, now, title } = props;
  if (!iso) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        –
      </Typography>
    );
  }
  return (
    <Tooltip
      title={title ? `${title}: ${absoluteTime(iso)}` : absoluteTime(iso)}
    >
      <Typography
        variant="body2"
        component="span"
        style={{ whiteSpace: 'nowrap' }}
      >
        {relativeTime(iso, now)}
      </Typography>
    </Tooltip>
  );
}

/** `flux-system/apps`, the kind above it in small type, a detail (path, chart) below. */
export function ObjectName(props: {
  kind?: string;
  namespace: string;
  name: string;
  detail?: ReactNode;
}) {
  const { kind, namespace, name, detail } = props;
  return (
    <Box minWidth={0}>
      {kind && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="div"
          style={{ lineHeight: 1.2 }}
        >
          {kind}
        </Typography>
      )}
      <Typography
        variant="body2"
        component="div"
        style={{ wordBreak: 'break-word' }}
      >
        <span style={{ opacity: 0.7 }}>{`${namespace}/`}</span>
        <strong style={{ whiteSpace: 'nowrap' }}>{name}</strong>
      </Typography>
      {detail && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="div"
          style={{ fontFamily: 'monospace', wordBreak: 'break-word' }}
        >
          {detail}
        </Typography>
      )}
    </Box>
  );
}

/** A refresh button that reads again past the backend's cache. */
export function RefreshButton(props: {
  onClick: () => void;
  loading?: boolean;
  what?: string;
}) {
  const { onClick, loading, what = 'the Flux objects' } = props;
  return (
    <Tooltip title={`Read ${what} again from the clusters`}>
      <span>
        <IconButton
          size="small"
          aria-label="Refresh"
          onClick={onClick}
          disabled={loading}
        >
          <RefreshIcon fontSize="small" />
        </IconButton>
      </span>
    </Tooltip>
  );
}

/**
 * The state of a read before there is anything to show: progress, or the error with a way to
 * try again. Once there is a value, a failed refresh is a one-line warning above it instead.
 */
export function LoadGate<T>(props: {
  loading: boolean;
  value?: T;
  error?: Error;
  retry: () => void;
  children: (value: T) => ReactNode;
}) {
  const { loading, value, error, retry, children } = props;
  if (value === undefined) {
    if (error && !loading) {
      return (
        <>
          <ResponseErrorPanel error={error} />
          <Box mt={1}>
            <Button variant="outlined" size="small" onClick={retry}>
              Try again
            </Button>
          </Box>
        </>
      );
    }
    return <Progress />;
  }
  return (
    <>
      {error && !loading && (
        <Alert severity="warning" style={{ marginBottom: 8 }}>
          {`Could not refresh, showing the previous result: ${error.message}`}
        </Alert>
      )}
      {children(value)}
    </>
  );
}

export const EXAMPLE = `metadata:
  annotations:
    # Workloads and Flux objects labelled backstage.io/kubernetes-id=<id> on any cluster
    ${ANNOTATION_KUBERNETES_ID}: orders-service
    # Flux Kustomizations that deploy the entity: <namespace>/<name>, comma separated
    ${ANNOTATION_FLUX_KUSTOMIZATIONS}: flux-system/apps`;

/** The entity declares nothing to look up: which annotations to add, with an example. */
export function NotConfigured() {
  return (
    <EmptyState
      missing="field"
      title="No Flux objects declared"
      description={
        <>
          Add the annotation <code>{ANNOTATION_KUBERNETES_ID}</code> (the label
          your workloads and Flux objects carry) or{' '}
          <code>{ANNOTATION_FLUX_KUSTOMIZATIONS}</code> to this entity.
        </>
      }
      action={<CodeSnippet text={EXAMPLE} language="yaml" />}
    />
  );
}

/**
 * The status chip, and for a failure the first lines of its message right below: the reason a
 * deployment is stuck should not hide in a tooltip.
 */
export function StatusCell(props: { status: FluxStatus; now: number }) {
  const { status, now } = props;
  const failing = status.state === 'failed' || status.state === 'stalled';
  return (
    <Box minWidth={0}>
      <FluxStatusChip status={status} now={now} />
      {failing && status.message && (
        <Typography
          variant="caption"
          component="div"
          title={status.message}
          data-status-message
          style={{
            color: STATE_COLORS[status.state],
            display: '-webkit-box',
            WebkitLineClamp: 2,
            WebkitBoxOrient: 'vertical',
            overflow: 'hidden',
            wordBreak: 'break-word',
            marginTop: 2,
            maxWidth: 420,
          }}
        >
          {status.message}
        </Typography>
      )}
    </Box>
  );
}
