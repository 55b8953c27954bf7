import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { PlanCounts } from '@platform-portal/plugin-terraform-common';
import { COUNT_COLORS } from './colors';

type BarKey = keyof typeof COUNT_COLORS;

const SEGMENTS: Array<{ key: BarKey; sign: string; label: string }> = [
  { key: 'add', sign: '+', label: 'to add' },
  { key: 'change', sign: '~', label: 'to change' },
  { key: 'replace', sign: '±', label: 'to replace' },
  { key: 'destroy', sign: '−', label: 'to destroy' },
];

/** `3 to add, 2 to change, 1 to replace, 1 to destroy`: what the bar says to screen readers. */
export function countsLabel(counts: PlanCounts): string {
  return SEGMENTS.map(s => `${counts[s.key]} ${s.label}`).join(', ');
}

/**
 * A small stacked bar of what a plan adds, changes, replaces and destroys, with the numbers
 * beside it (`+3 ~2 ±1 −1`), so plans can be compared at a glance down a list.
 */
export function CountsBar(props: { counts: PlanCounts; width?: number }) {
  const { counts, width = 80 } = props;
  const total = SEGMENTS.reduce((sum, s) => sum + counts[s.key], 0);
  return (
    <Box
      display="inline-flex"
      alignItems="center"
      role="img"
      aria-label={total === 0 ? 'no changes' : countsLabel(counts)}
      title={total === 0 ? 'no changes' : countsLabel(counts)}
      data-testid="counts-bar"
    >
      <Box
        display="flex"
        width={width}
        height={10}
        borderRadius={2}
        overflow="hidden"
        bgcolor={total === 0 ? '#e0e0e0' : undefined}
        mr={1}
        flexShrink={0}
      >
        {total > 0 &&
          SEGMENTS.filter(s => counts[s.key] > 0).map(s => (
            <Box
              key={s.key}
              data-count={s.key}
              height="100%"
              width={`${(counts[s.key] / total) * 100}%`}
              bgcolor={COUNT_COLORS[s.key]}
            />
          ))}
      </Box>
      {total === 0 ? (
        <Typography variant="caption" color="textSecondary">
          no changes
        </Typography>
      ) : (
        <Typography
          variant="caption"
          component="span"
          style={{ whiteSpace: 'nowrap', fontFamily: 'monospace' }}
        >
          {SEGMENTS.map((s, i) => (
            <span
              key={s.key}
              style={{
                marginLeft: i > 0 ? 6 : 0,
                color: counts[s.key] > 0 ? COUNT_COLORS[s.key] : undefined,
                opacity: counts[s.key] > 0 ? 1 : 0.5,
                fontWeight: counts[s.key] > 0 ? 600 : undefined,
              }}
            >
              {`${s.sign}${counts[s.key]}`}
            </span>
          ))}
        </Typography>
      )}
    </Box>
  );
}

/**
 * What nobody should miss: `1 to destroy` in red, `2 to replace` in purple. Nothing when the
 * plan neither destroys nor replaces.
 */
export function DestructiveChips(props: { counts: PlanCounts }) {
  const { counts } = props;
  return (
    <>
      {counts.destroy > 0 && (
        <Chip
          size="small"
          label={`${counts.destroy} to destroy`}
          style={{
            backgroundColor: COUNT_COLORS.destroy,
            color: '#fff',
            margin: 2,
          }}
        />
      )}
      {counts.replace > 0 && (
        <Chip
          size="small"
          label={`${counts.replace} to replace`}
          style={{
            backgroundColor: COUNT_COLORS.replace,
            color: '#fff',
            margin: 2,
          }}
        />
      )}
    </>
  );
}
