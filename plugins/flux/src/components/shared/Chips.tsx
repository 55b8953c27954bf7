import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { TagClass } from '@platform-portal/plugin-container-images-common';
import { WorkloadHealth } from '@platform-portal/plugin-flux-common';
import { CSSProperties } from 'react';

const PRODUCTION = /^(prod|production|live)$/i;

/** The environment of a cluster; production stands out. */
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

/** The container-images plugin's colours, so a tag reads the same on both tabs. */
export const TAG_CLASS_COLORS: Record<TagClass, string> = {
  stable: '#2e7d32',
  snapshot: '#6a1b9a',
  moving: '#00838f',
  other: '#616161',
};

const HEALTH_COLORS: Record<WorkloadHealth['state'], string> = {
  healthy: '#2e7d32',
  progressing: '#1976d2',
  degraded: '#c62828',
  unknown: '#757575',
};

/** `healthy 3/3`: the workload's health and ready/desired replicas; why in the tooltip. */
export function HealthChip(props: { health: WorkloadHealth }) {
  const { health } = props;
  const color = HEALTH_COLORS[health.state] ?? HEALTH_COLORS.unknown;
  const solid = health.state === 'degraded';
  const chip = (
    <Chip
      size="small"
      label={`${health.state} ${health.readyReplicas}/${health.replicas}`}
      data-health={health.state}
      variant={solid ? 'default' : 'outlined'}
      style={
        solid
          ? { backgroundColor: color, color: '#fff' }
          : { borderColor: color, color }
      }
    />
  );
  const details = [
    health.message,
    health.updatedReplicas !== undefined
      ? `${health.updatedReplicas} of ${health.replicas} replicas updated`
      : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return details ? <Tooltip title={details}>{chip}</Tooltip> : chip;
}

/** A number with what it counts, e.g. `3 clusters`; red when it is bad news. */
export function CountChip(props: {
  label: string;
  tone?: 'default' | 'bad' | 'good';
  title?: string;
}) {
  const { label, tone = 'default', title } = props;
  let style: CSSProperties | undefined;
  if (tone === 'bad') style = { backgroundColor: '#c62828', color: '#fff' };
  if (tone === 'good') style = { borderColor: '#2e7d32', color: '#2e7d32' };
  const chip = (
    <Chip
      size="small"
      label={label}
      variant={tone === 'bad' ? 'default' : 'outlined'}
      style={style}
      data-count={label}
    />
  );
  return title ? <Tooltip title={title}>{chip}</Tooltip> : chip;
}
