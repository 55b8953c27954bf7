import { CompoundEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import PauseIcon from '@material-ui/icons/Pause';
import {
  FLUX_KINDS,
  FluxActionResponse,
  FluxKind,
  FluxObjectSummary,
  FluxState,
} from '@platform-portal/plugin-flux-common';
import { memo, useMemo, useState } from 'react';
import { plural } from '../../lib/format';
import { gitSourceIndex } from '../../lib/revision';
import {
  byUrgency,
  countStates,
  lastReconcile,
  objectKey,
  STATE_COLORS,
} from '../../lib/status';
import { FluxActionsMenu } from '../FluxActionsMenu';
import {
  ObjectName,
  ObjectRevision,
  StateBar,
  StateCountChips,
  StatusCell,
  TimeText,
} from '../shared';

export const PAGE_SIZES = [25, 50, 100];

export interface ObjectFilters {
  kind: FluxKind | '';
  states: FluxState[];
  text: string;
}

export const NO_FILTERS: ObjectFilters = { kind: '', states: [], text: '' };

/** What the text search looks in: kind, namespace/name, reason, revision, source and path. */
function haystack(object: FluxObjectSummary): string {
  return [
    object.kind,
    `${object.namespace}/${object.name}`,
    object.status.reason,
    object.lastAppliedRevision,
    object.sourceRef &&
      `${object.sourceRef.kind ?? ''}/${object.sourceRef.name}`,
    object.path,
    object.url,
    object.chart?.name,
  ]
    .filter(Boolean)
    .join('\n')
    .toLocaleLowerCase('en-US');
}

/**
 * Filters `items` (already sorted), with the text index built once per response so that typing
 * in the search box stays fast on a cluster with hundreds of objects.
 */
export function useFilteredObjects(
  items: FluxObjectSummary[],
  filters: ObjectFilters,
) {
  const indexed = useMemo(
    () => items.map(item => ({ item, text: haystack(item) })),
    [items],
  );
  return useMemo(() => {
    const terms = filters.text
      .toLocaleLowerCase('en-US')
      .split(/\s+/)
      .filter(Boolean);
    return indexed
      .filter(
        ({ item, text }) =>
          (!filters.kind || item.kind === filters.kind) &&
          (filters.states.length === 0 ||
            filters.states.includes(item.status.state)) &&
          terms.every(term => text.includes(term)),
      )
      .map(({ item }) => item);
  }, [indexed, filters]);
}

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(0.75, 1), verticalAlign: 'top' },
  },
  mono: { fontFamily: 'monospace', fontSize: '0.8rem', whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  actions: { width: 40 },
}));

function SourceRef(props: { object: FluxObjectSummary }) {
  const { object } = props;
  const classes = useStyles();
  const ref = object.sourceRef;
  if (!ref) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        –
      </Typography>
    );
  }
  const namespace =
    ref.namespace && ref.namespace !== object.namespace
      ? `${ref.namespace}/`
      : '';
  return (
    <Box>
      {ref.kind && (
        <Typography variant="caption" color="textSecondary" component="div">
          {ref.kind}
        </Typography>
      )}
      <span className={classes.mono}>{`${namespace}${ref.name}`}</span>
    </Box>
  );
}

/** Suspended, or how often Flux reconciles it. */
function Schedule(props: { object: FluxObjectSummary }) {
  const { object } = props;
  if (object.suspended) {
    return (
      <Box
        display="inline-flex"
        alignItems="center"
        style={{ color: STATE_COLORS.suspended, gap: 2 }}
        data-suspended="true"
      >
        <PauseIcon style={{ fontSize: 16 }} />
        <Typography variant="body2" component="span">
          suspended
        </Typography>
      </Box>
    );
  }
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      component="span"
      style={{ whiteSpace: 'nowrap' }}
    >
      {object.interval ? `every ${object.interval}` : '–'}
    </Typography>
  );
}

/** One row; memoised so that paging and filtering re-render only the rows that change. */
const ObjectRow = memo(function ObjectRowContent(props: {
  object: FluxObjectSummary;
  gitUrl?: string;
  entityRef: CompoundEntityRef;
  now: number;
  onActionDone: (response: FluxActionResponse) => void;
}) {
  const { object, gitUrl, entityRef, now, onActionDone } = props;
  const classes = useStyles();
  return (
    <TableRow hover data-object={objectKey(object)}>
      <TableCell className={classes.nowrap}>
        <Typography variant="body2" component="span">
          {object.kind}
        </Typography>
      </TableCell>
      <TableCell>
        <ObjectName
          namespace={object.namespace}
          name={object.name}
          detail={object.path}
        />
      </TableCell>
      <TableCell>
        <StatusCell status={object.status} now={now} />
      </TableCell>
      <TableCell>
        <ObjectRevision object={object} gitUrl={gitUrl} />
      </TableCell>
      <TableCell>
        <SourceRef object={object} />
      </TableCell>
      <TableCell>
        <Schedule object={object} />
      </TableCell>
      <TableCell>
        <TimeText iso={lastReconcile(object)} now={now} />
      </TableCell>
      <TableCell className={classes.actions}>
        <FluxActionsMenu
          object={object}
          entityRef={entityRef}
          onDone={onActionDone}
        />
      </TableCell>
    </TableRow>
  );
});

/**
 * Every Flux object on the cluster: counts per state (which filter when clicked) and a bar, a
 * kind filter and a text search, then one page of rows, what needs attention first.
 */
export function FluxObjectsTable(props: {
  items: FluxObjectSummary[];
  entityRef: CompoundEntityRef;
  now: number;
  onActionDone: (response: FluxActionResponse) => void;
}) {
  const { items, entityRef, now, onActionDone } = props;
  const classes = useStyles();
  const [filters, setFilters] = useState<ObjectFilters>(NO_FILTERS);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);

  const sorted = useMemo(() => [...items].sort(byUrgency), [items]);
  const gitUrlOf = useMemo(() => gitSourceIndex(items), [items]);
  const counts = useMemo(() => countStates(items), [items]);
  const kinds = useMemo(() => {
    const perKind = new Map<FluxKind, number>();
    for (const item of items) {
      perKind.set(item.kind, (perKind.get(item.kind) ?? 0) + 1);
    }
    return FLUX_KINDS.filter(k => perKind.has(k)).map(kind => ({
      kind,
      count: perKind.get(kind)!,
    }));
  }, [items]);
  const filtered = useFilteredObjects(sorted, filters);

  // A new filter starts at the first page (set during render: no flash of an empty page).
  const [pageFor, setPageFor] = useState(filters);
  if (pageFor !== filters) {
    setPageFor(filters);
    setPage(0);
  }
  const lastPage = Math.max(0, Math.ceil(filtered.length / pageSize) - 1);
  const shownPage = Math.min(page, lastPage);
  const rows = filtered.slice(shownPage * pageSize, (shownPage + 1) * pageSize);

  const toggleState = (state: FluxState) =>
    setFilters(f => ({
      ...f,
      states: f.states.includes(state)
        ? f.states.filter(s => s !== state)
        : [...f.states, state],
    }));
  const active = !!filters.kind || filters.states.length > 0 || !!filters.text;

  return (
    <>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 12 }}
      >
        <StateBar counts={counts} />
        <StateCountChips
          counts={counts}
          selected={filters.states}
          onToggle={toggleState}
        />
      </Box>
      <Box
        display="flex"
        alignItems="flex-end"
        flexWrap="wrap"
        mt={2}
        mb={1}
        style={{ gap: 16 }}
      >
        <TextField
          select
          label="Kind"
          value={filters.kind}
          onChange={e =>
            setFilters(f => ({ ...f, kind: e.target.value as FluxKind | '' }))
          }
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          inputProps={{ 'aria-label': 'Kind' }}
          style={{ minWidth: 220 }}
        >
          <option value="">{`All kinds (${items.length})`}</option>
          {kinds.map(({ kind, count }) => (
            <option key={kind} value={kind}>
              {`${kind} (${count})`}
            </option>
          ))}
        </TextField>
        <TextField
          label="Search"
          placeholder="name, reason, revision, source"
          value={filters.text}
          onChange={e => setFilters(f => ({ ...f, text: e.target.value }))}
          InputLabelProps={{ shrink: true }}
          inputProps={{ 'aria-label': 'Search' }}
          style={{ minWidth: 280 }}
        />
        {active && (
          <Button size="small" onClick={() => setFilters(NO_FILTERS)}>
            Clear filters
          </Button>
        )}
        <Box flexGrow={1} />
        <Typography variant="body2" color="textSecondary" aria-live="polite">
          {active
            ? `${plural(filtered.length, 'object')} shown of ${items.length}`
            : plural(items.length, 'object')}
        </Typography>
      </Box>
      <Box overflow="auto">
        <Table size="small" className={classes.table} aria-label="Flux objects">
          <TableHead>
            <TableRow>
              <TableCell>Kind</TableCell>
              <TableCell>Namespace/name</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Revision</TableCell>
              <TableCell>Source</TableCell>
              <TableCell>Interval</TableCell>
              <TableCell>Reconciled</TableCell>
              <TableCell className={classes.actions} />
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(object => (
              <ObjectRow
                key={objectKey(object)}
                object={object}
                gitUrl={gitUrlOf(object)}
                entityRef={entityRef}
                now={now}
                onActionDone={onActionDone}
              />
            ))}
            {rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={8}>
                  <Typography variant="body2" color="textSecondary">
                    {items.length === 0
                      ? 'No Flux objects on this cluster.'
                      : 'No object matches the filters.'}
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Box>
      {filtered.length > PAGE_SIZES[0] && (
        <TablePagination
          component="div"
          count={filtered.length}
          page={shownPage}
          onPageChange={(_e, p) => setPage(p)}
          rowsPerPage={pageSize}
          rowsPerPageOptions={PAGE_SIZES}
          onRowsPerPageChange={e => {
            setPageSize(Number(e.target.value));
            setPage(0);
          }}
        />
      )}
    </>
  );
}
