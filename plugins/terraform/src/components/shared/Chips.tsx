import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { SvgIconProps } from '@material-ui/core/SvgIcon';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/AddCircleOutline';
import CallMergeIcon from '@material-ui/icons/CallMerge';
import EditIcon from '@material-ui/icons/Edit';
import LinkOffIcon from '@material-ui/icons/LinkOff';
import RemoveIcon from '@material-ui/icons/RemoveCircleOutline';
import SwapIcon from '@material-ui/icons/SwapHoriz';
import VisibilityIcon from '@material-ui/icons/Visibility';
import DoneIcon from '@material-ui/icons/Done';
import {
  ChangeAction,
  PlanListItem,
  PlanSourceType,
  ResourceChange,
} from '@platform-portal/plugin-terraform-common';
import { ComponentType } from 'react';
import { humanReason } from '../../lib/format';
import { ACTION_COLORS } from './colors';

export const SOURCE_LABELS: Record<PlanSourceType, string> = {
  github: 'GitHub',
  hcp: 'HCP',
  s3: 'S3',
  local: 'local',
};

const SOURCE_DESCRIPTIONS: Record<PlanSourceType, string> = {
  github: 'GitHub Actions artifact',
  hcp: 'HCP Terraform run',
  s3: 'S3 object',
  local: 'local plan file',
};

/** Where a plan came from: GitHub, HCP, S3 or local; the workspace in the tooltip. */
export function SourceChip(props: { plan: PlanListItem }) {
  const { plan } = props;
  const title = [SOURCE_DESCRIPTIONS[plan.source], plan.workspace]
    .filter(Boolean)
    .join(': ');
  return (
    <Tooltip title={title}>
      <Chip
        size="small"
        variant="outlined"
        label={SOURCE_LABELS[plan.source] ?? plan.source}
        data-source={plan.source}
      />
    </Tooltip>
  );
}

const PRODUCTION = /^(prod|production|live)$/i;

/** The environment a plan is for; production stands out. */
export function EnvironmentChip(props: { environment?: string }) {
  const { environment } = props;
  if (!environment) return null;
  const production = PRODUCTION.test(environment);
  return (
    <Chip
      size="small"
      label={environment}
      color={production ? 'secondary' : 'default'}
      variant={production ? 'default' : 'outlined'}
      data-environment={environment}
    />
  );
}

/** Run statuses of GitHub Actions and HCP Terraform, by what they mean for the reader. */
function runStatusColor(status: string): string {
  const s = status.toLocaleLowerCase('en-US');
  if (/(error|fail|cancel|discard|timed_out|force_canceled)/.test(s)) {
    return '#c62828';
  }
  if (/(success|applied|planned_and_finished|completed)/.test(s)) {
    return '#2e7d32';
  }
  if (/(planned|policy|cost_estimated|confirmed|needs_confirmation)/.test(s)) {
    return '#1976d2';
  }
  if (/(progress|pending|queued|planning|applying|running|fetching)/.test(s)) {
    return '#ef6c00';
  }
  return '#757575';
}

/** The run's status (`success`, `planned`, `errored`, …), coloured by what it means. */
export function RunStatusChip(props: { status?: string }) {
  const { status } = props;
  if (!status) return null;
  const color = runStatusColor(status);
  return (
    <Chip
      size="small"
      variant="outlined"
      label={status.replace(/_/g, ' ')}
      style={{ borderColor: color, color }}
      data-run-status={status}
    />
  );
}

const ACTION_ICONS: Record<ChangeAction, ComponentType<SvgIconProps>> = {
  create: AddIcon,
  update: EditIcon,
  replace: SwapIcon,
  delete: RemoveIcon,
  read: VisibilityIcon,
  'no-op': DoneIcon,
  forget: LinkOffIcon,
};

const REPLACE_ORDER = {
  'create-first': 'create before destroy',
  'delete-first': 'destroy before create',
};

const useActionStyles = makeStyles({
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 2,
    height: 22,
    padding: '0 8px 0 4px',
    borderRadius: 11,
    border: '1px solid',
    fontSize: '0.8125rem',
    lineHeight: 1,
    whiteSpace: 'nowrap',
  },
  icon: { fontSize: 16 },
});

/**
 * What happens to a resource, with its icon. A replace says in which order (create before
 * destroy keeps the old one until the new one exists); Terraform's reason is in the tooltip.
 * A styled span rather than a MUI Chip: a page renders a hundred of them, and Chip costs
 * several times more to render.
 */
export function ActionChip(props: {
  action: ChangeAction;
  replaceOrder?: ResourceChange['replaceOrder'];
  actionReason?: string;
}) {
  const { action, replaceOrder, actionReason } = props;
  const classes = useActionStyles();
  const color = ACTION_COLORS[action];
  const order =
    action === 'replace' && replaceOrder
      ? REPLACE_ORDER[replaceOrder]
      : undefined;
  const Icon = ACTION_ICONS[action];
  const chip = (
    <span className={classes.chip} style={{ color }} data-action={action}>
      <Icon className={classes.icon} />
      {action}
    </span>
  );
  const tooltip = [order, actionReason && humanReason(actionReason)]
    .filter(Boolean)
    .join(' · ');
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      {tooltip ? <Tooltip title={tooltip}>{chip}</Tooltip> : chip}
      {order && (
        <Typography variant="caption" style={{ color, whiteSpace: 'nowrap' }}>
          {order}
        </Typography>
      )}
    </span>
  );
}

/** Being imported, with the import id in the tooltip. */
export function ImportBadge(props: { importing?: { id?: string } }) {
  const { importing } = props;
  if (!importing) return null;
  return (
    <Tooltip title={importing.id ? `import id: ${importing.id}` : 'import'}>
      <Chip
        size="small"
        label="import"
        icon={<CallMergeIcon />}
        style={{ backgroundColor: '#e3f2fd', color: '#0d47a1' }}
      />
    </Tooltip>
  );
}

/** Moved by a `moved` block: from where. */
export function MoveBadge(props: { previousAddress?: string }) {
  const { previousAddress } = props;
  if (!previousAddress) return null;
  return (
    <Tooltip title={`moved from ${previousAddress}`}>
      <Chip
        size="small"
        label="moved"
        style={{ backgroundColor: '#f3e5f5', color: '#4a148c' }}
      />
    </Tooltip>
  );
}
