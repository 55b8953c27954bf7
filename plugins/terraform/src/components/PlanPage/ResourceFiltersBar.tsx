import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ACTION_COLORS } from '../shared';
import {
  ActionKey,
  NO_FILTERS,
  ResourceFilters,
  ROOT_MODULE,
} from '../../lib/resourceFilter';

const KEY_COLORS: Record<ActionKey, string> = {
  ...ACTION_COLORS,
  import: '#0d47a1',
  move: '#4a148c',
};

/**
 * Action chips (any of the selected), module, resource type and address text. The chips carry
 * the plan's counts, so they also read as a summary.
 */
export function ResourceFiltersBar(props: {
  filters: ResourceFilters;
  onChange: (filters: ResourceFilters) => void;
  actions: Array<{ key: ActionKey; count: number }>;
  modules: Array<{ module: string; count: number }>;
  types: Array<{ type: string; count: number }>;
  unchanged: number;
}) {
  const { filters, onChange, actions, modules, types, unchanged } = props;
  const toggle = (key: ActionKey) =>
    onChange({
      ...filters,
      actions: filters.actions.includes(key)
        ? filters.actions.filter(k => k !== key)
        : [...filters.actions, key],
    });
  const active =
    filters.actions.length > 0 ||
    !!filters.module ||
    !!filters.type ||
    !!filters.text;

  return (
    <Box mb={1}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 6 }}
        role="group"
        aria-label="Actions"
      >
        {actions.map(({ key, count }) => {
          const selected = filters.actions.includes(key);
          const color = KEY_COLORS[key];
          return (
            <Chip
              key={key}
              label={`${key} ${count}`}
              clickable
              onClick={() => toggle(key)}
              aria-pressed={selected}
              data-action-filter={key}
              style={
                selected
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
        {filters.actions.length === 0 && unchanged > 0 && (
          <Typography variant="caption" color="textSecondary">
            {`${unchanged} unchanged hidden: select no-op to see them`}
          </Typography>
        )}
      </Box>
      <Box
        display="flex"
        alignItems="flex-end"
        flexWrap="wrap"
        mt={1}
        style={{ gap: 16 }}
      >
        <TextField
          select
          label="Module"
          value={filters.module}
          onChange={e => onChange({ ...filters, module: e.target.value })}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 220 }}
          inputProps={{ 'aria-label': 'Module' }}
        >
          <option value="">All modules</option>
          {modules.map(({ module, count }) => (
            <option key={module} value={module}>
              {`${module === ROOT_MODULE ? 'root module' : module} (${count})`}
            </option>
          ))}
        </TextField>
        <TextField
          select
          label="Resource type"
          value={filters.type}
          onChange={e => onChange({ ...filters, type: e.target.value })}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 200 }}
          inputProps={{ 'aria-label': 'Resource type' }}
        >
          <option value="">All types</option>
          {types.map(({ type, count }) => (
            <option key={type} value={type}>
              {`${type} (${count})`}
            </option>
          ))}
        </TextField>
        <TextField
          label="Address contains"
          value={filters.text}
          onChange={e => onChange({ ...filters, text: e.target.value })}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 260 }}
          inputProps={{ 'aria-label': 'Address contains' }}
        />
        {active && (
          <Button size="small" onClick={() => onChange(NO_FILTERS)}>
            Clear filters
          </Button>
        )}
      </Box>
    </Box>
  );
}
