import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { FluxState } from '@platform-portal/plugin-flux-common';
import { STATE_COLORS, STATES } from '../../lib/status';

/** `12 ready, 2 failed, 1 suspended`: what the bar says to screen readers. */
export function stateCountsLabel(counts: Record<FluxState, number>): string {
  const parts = STATES.filter(s => counts[s] > 0).map(s => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'no objects';
}

/**
 * A small stacked bar of the objects per state, each segment as wide as its share: a cluster
 * with a sliver of red reads differently from one that is half red.
 */
export function StateBar(props: {
  counts: Record<FluxState, number>;
  width?: number;
}) {
  const { counts, width = 160 } = props;
  const total = STATES.reduce((sum, s) => sum + counts[s], 0);
  const label = stateCountsLabel(counts);
  return (
    <Box
      display="flex"
      width={width}
      height={10}
      borderRadius={2}
      overflow="hidden"
      bgcolor={total === 0 ? '#e0e0e0' : undefined}
      flexShrink={0}
      role="img"
      aria-label={label}
      title={label}
      data-testid="state-bar"
    >
      {total > 0 &&
        STATES.filter(s => counts[s] > 0).map(s => (
          <Box
            key={s}
            data-state-segment={s}
            height="100%"
            width={`${(counts[s] / total) * 100}%`}
            bgcolor={STATE_COLORS[s]}
          />
        ))}
    </Box>
  );
}

/**
 * A chip per state that has objects (`ready 12`, `failed 2`). With `onToggle`, the chips filter:
 * a selected one is filled.
 */
export function StateCountChips(props: {
  counts: Record<FluxState, number>;
  selected?: FluxState[];
  onToggle?: (state: FluxState) => void;
}) {
  const { counts, selected = [], onToggle } = props;
  return (
    <Box
      display="inline-flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 6 }}
      role="group"
      aria-label="Objects per state"
    >
      {STATES.filter(s => counts[s] > 0).map(s => {
        const color = STATE_COLORS[s];
        const isSelected = selected.includes(s);
        const alarming = s === 'failed' || s === 'stalled';
        const filled = isSelected || (alarming && !onToggle);
        return (
          <Chip
            key={s}
            size="small"
            label={`${s} ${counts[s]}`}
            data-state-count={s}
            clickable={!!onToggle}
            onClick={onToggle ? () => onToggle(s) : undefined}
            aria-pressed={onToggle ? isSelected : undefined}
            style={
              filled
                ? { backgroundColor: color, color: '#fff' }
                : {
                    border: `1px solid ${color}`,
                    color,
                    backgroundColor: 'transparent',
                  }
            }
          />
        );
      })}
    </Box>
  );
}
