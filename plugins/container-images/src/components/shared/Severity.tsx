import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  ScanSummary,
  Severity,
} from '@platform-portal/plugin-container-images-common';
import {
  BAR_SEVERITIES,
  SEVERITY_COLORS,
  SEVERITY_TEXT,
} from '../../lib/severity';

/** `CRITICAL 3`: one severity and its count, in the severity's colour. */
export function SeverityChip(props: { severity: Severity; count?: number }) {
  const { severity, count } = props;
  const label = count === undefined ? severity : `${severity} ${count}`;
  return (
    <Chip
      size="small"
      label={label}
      style={{
        backgroundColor: SEVERITY_COLORS[severity],
        color: SEVERITY_TEXT[severity],
        margin: 2,
        fontWeight: 600,
      }}
    />
  );
}

/**
 * A chip per severity that has findings. Severities without findings are left out; when none
 * of `severities` has any, one green chip says so, so "no findings" is visible, not blank.
 */
export function SeverityChips(props: {
  counts: ScanSummary['findingCounts'];
  severities?: Severity[];
}) {
  const { counts, severities = BAR_SEVERITIES } = props;
  const present = severities.filter(s => (counts[s] ?? 0) > 0);
  if (present.length === 0) {
    return (
      <Chip
        size="small"
        label={`No ${severities
          .map(s => s.toLocaleLowerCase('en-US'))
          .join('/')} findings`}
        style={{ backgroundColor: '#2e7d32', color: '#fff', margin: 2 }}
      />
    );
  }
  return (
    <>
      {present.map(s => (
        <SeverityChip key={s} severity={s} count={counts[s]} />
      ))}
    </>
  );
}

/**
 * A small stacked horizontal bar of CRITICAL/HIGH/MEDIUM/LOW findings, each segment as wide as
 * its share, with the counts written beside it.
 */
export function SeverityBar(props: { scan?: ScanSummary }) {
  const { scan } = props;
  const counts = scan?.findingCounts ?? {};
  const total = BAR_SEVERITIES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  if (!scan) {
    return (
      <Typography variant="caption" color="textSecondary">
        no scan
      </Typography>
    );
  }
  const summary = BAR_SEVERITIES.map(s => `${s} ${counts[s] ?? 0}`).join(', ');
  return (
    <Tooltip title={summary}>
      <Box
        display="flex"
        alignItems="center"
        minWidth={150}
        aria-label={`findings: ${summary}`}
        role="img"
      >
        <Box
          display="flex"
          width={70}
          height={10}
          borderRadius={2}
          overflow="hidden"
          bgcolor={total === 0 ? '#c8e6c9' : undefined}
          mr={1}
        >
          {total > 0 &&
            BAR_SEVERITIES.filter(s => (counts[s] ?? 0) > 0).map(s => (
              <Box
                key={s}
                data-severity={s}
                height="100%"
                width={`${((counts[s] ?? 0) / total) * 100}%`}
                bgcolor={SEVERITY_COLORS[s]}
              />
            ))}
        </Box>
        <Typography variant="caption" component="span">
          {BAR_SEVERITIES.map((s, i) => (
            <span key={s} title={s}>
              {i > 0 && ' · '}
              <span
                style={{
                  color: (counts[s] ?? 0) > 0 ? SEVERITY_COLORS[s] : undefined,
                  fontWeight: (counts[s] ?? 0) > 0 ? 600 : undefined,
                }}
              >
                {counts[s] ?? 0}
              </span>
            </span>
          ))}
        </Typography>
      </Box>
    </Tooltip>
  );
}

const SCAN_STATUS_STYLE: Record<string, { label: string; color: string }> = {
  COMPLETE: { label: 'scanned', color: '#2e7d32' },
  ACTIVE: { label: 'scanned (continuous)', color: '#2e7d32' },
  IN_PROGRESS: { label: 'scanning', color: '#1976d2' },
  PENDING: { label: 'scan pending', color: '#1976d2' },
  FAILED: { label: 'scan failed', color: '#c62828' },
  UNSUPPORTED_IMAGE: { label: 'unsupported', color: '#757575' },
  SCAN_ELIGIBILITY_EXPIRED: { label: 'scan expired', color: '#ef6c00' },
  FINDINGS_UNAVAILABLE: { label: 'findings unavailable', color: '#ef6c00' },
  NOT_SCANNED: { label: 'not scanned', color: '#757575' },
};

/** The scan status as a coloured chip; the registry's description goes into the tooltip. */
export function ScanStatusChip(props: { scan?: ScanSummary }) {
  const { scan } = props;
  const style = scan
    ? SCAN_STATUS_STYLE[scan.status] ?? {
        label: scan.status.toLocaleLowerCase('en-US'),
        color: '#757575',
      }
    : { label: 'no scanner', color: '#9e9e9e' };
  const chip = (
    <Chip
      size="small"
      variant="outlined"
      label={style.label}
      style={{ borderColor: style.color, color: style.color }}
    />
  );
  const tooltip = scan?.description ?? scan?.status;
  return tooltip ? <Tooltip title={tooltip}>{chip}</Tooltip> : chip;
}

/** Whether the registry has findings to show for this scan. */
export function hasFindings(scan?: ScanSummary): boolean {
  return scan?.status === 'COMPLETE' || scan?.status === 'ACTIVE';
}
