import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { PlanListItem } from '@platform-portal/plugin-terraform-common';
import { CountsBar, DestructiveChips } from './CountsBar';
import { LazyCounts } from './usePlans';

/** The counts of a plan: from the list, read from its document, or a hint to open it. */
export function PlanCountsCell(props: {
  plan: PlanListItem;
  lazy?: LazyCounts;
}) {
  const { plan, lazy } = props;
  const counts = plan.counts ?? lazy?.counts;
  if (counts) {
    return (
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 4 }}
      >
        <CountsBar counts={counts} />
        <DestructiveChips counts={counts} />
      </Box>
    );
  }
  if (lazy?.loading) {
    return (
      <Box display="inline-flex" alignItems="center" style={{ gap: 6 }}>
        <CircularProgress size={12} aria-label="counting changes" />
        <Typography variant="caption" color="textSecondary">
          counting…
        </Typography>
      </Box>
    );
  }
  // The source does not report counts without the file: only latest plans are opened for them.
  return (
    <Tooltip
      title={
        lazy?.error
          ? `Counts could not be read: ${lazy.error.message}`
          : 'This source reports counts only in the plan file'
      }
    >
      <Typography variant="caption" color="textSecondary">
        open to see counts
      </Typography>
    </Tooltip>
  );
}
