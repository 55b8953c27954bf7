import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { SvgIconProps } from '@material-ui/core/SvgIcon';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import PauseCircleIcon from '@material-ui/icons/PauseCircleFilled';
import ReportIcon from '@material-ui/icons/Report';
import SyncIcon from '@material-ui/icons/Sync';
import { FluxState, FluxStatus } from '@platform-portal/plugin-flux-common';
import { ComponentType } from 'react';
import { absoluteTime, relativeTime } from '../../lib/format';
import { STATE_COLORS } from '../../lib/status';

const ICONS: Record<FluxState, ComponentType<SvgIconProps>> = {
  ready: CheckCircleIcon,
  progressing: SyncIcon,
  failed: ErrorIcon,
  stalled: ReportIcon,
  suspended: PauseCircleIcon,
  unknown: HelpIcon,
};

/** Reasons that only repeat the state: left to the tooltip so that chips stay short. */
const REDUNDANT_REASONS: Partial<Record<FluxState, string[]>> = {
  ready: ['ReconciliationSucceeded', 'Succeeded'],
  suspended: ['Suspended'],
};

/** `failed: BuildFailed`, or just `ready` when the reason says nothing more. */
export function statusLabel(status: FluxStatus): string {
  const { state, reason } = status;
  if (!reason || REDUNDANT_REASONS[state]?.includes(reason)) return state;
  return `${state}: ${reason}`;
}

const useStyles = makeStyles({
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 3,
    height: 22,
    maxWidth: '100%',
    padding: '0 8px 0 4px',
    borderRadius: 11,
    border: '1px solid',
    fontSize: '0.8125rem',
    lineHeight: 1,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    verticalAlign: 'middle',
  },
  // Failures must be the first thing the eye finds on a page of green.
  solid: { color: '#fff !important' },
  icon: { fontSize: 15, flexShrink: 0 },
  stale: {
    display: 'inline-flex',
    alignItems: 'center',
    height: 18,
    marginLeft: 4,
    padding: '0 6px',
    borderRadius: 9,
    border: '1px dashed #757575',
    color: '#616161',
    fontSize: '0.7rem',
    verticalAlign: 'middle',
  },
  tooltip: { whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxWidth: 480 },
  wrapper: { display: 'inline-flex', alignItems: 'center', maxWidth: '100%' },
});

function StatusTooltip(props: { status: FluxStatus; now: number }) {
  const { status, now } = props;
  const classes = useStyles();
  return (
    <div className={classes.tooltip}>
      <Typography variant="subtitle2" component="div">
        {status.reason ? `${status.state} · ${status.reason}` : status.state}
      </Typography>
      {status.message && <div>{status.message}</div>}
      {status.since && (
        <div style={{ marginTop: 4, opacity: 0.85 }}>
          {`since ${relativeTime(status.since, now)} (${absoluteTime(
            status.since,
          )})`}
        </div>
      )}
    </div>
  );
}

/** Why a status may be out of date, in words. */
export function staleExplanation(status: FluxStatus): string {
  const generations =
    status.generation !== undefined
      ? ` (generation ${status.generation}, observed ${
          status.observedGeneration ?? 'none'
        })`
      : '';
  return `The controller has not yet observed the latest spec${generations}: this status may describe an older version.`;
}

/**
 * The kstatus-style state of a Flux object as a coloured chip, with the reason that decided it
 * (`failed: BuildFailed`); the message and since when in the tooltip. A dashed `stale` marker
 * follows when the controller has not observed the latest spec yet.
 *
 * A styled span rather than a MUI Chip: the cluster tab renders a page of them, and Chip costs
 * several times more to render.
 */
export function FluxStatusChip(props: { status: FluxStatus; now?: number }) {
  const { status, now = Date.now() } = props;
  const classes = useStyles();
  const color = STATE_COLORS[status.state] ?? STATE_COLORS.unknown;
  const Icon = ICONS[status.state] ?? HelpIcon;
  const solid = status.state === 'failed' || status.state === 'stalled';
  const label = statusLabel(status);
  return (
    <span className={classes.wrapper}>
      <Tooltip title={<StatusTooltip status={status} now={now} />}>
        <span
          className={`${classes.chip} ${solid ? classes.solid : ''}`}
          style={
            solid
              ? { backgroundColor: color, borderColor: color }
              : { color, borderColor: color, backgroundColor: `${color}14` }
          }
          data-state={status.state}
        >
          <Icon className={classes.icon} />
          {label}
        </span>
      </Tooltip>
      {status.stale && (
        <Tooltip title={staleExplanation(status)}>
          <span className={classes.stale} data-stale="true">
            stale
          </span>
        </Tooltip>
      )}
    </span>
  );
}
