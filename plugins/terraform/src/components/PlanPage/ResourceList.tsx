import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { ResourceChange } from '@platform-portal/plugin-terraform-common';
import { useDeferredValue, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { terraformApiRef } from '../../api';
import { plural, splitAddress } from '../../lib/format';
import {
  actionCounts,
  buildResourceIndex,
  filterResources,
  moduleOptions,
  ResourceFilters,
  typeOptions,
} from '../../lib/resourceFilter';
import { ActionChip, ImportBadge, MoveBadge } from '../shared';
import { AttributeDiff } from './AttributeDiff';
import { ResourceFiltersBar } from './ResourceFiltersBar';

/** Rows per page: enough to scan, few enough that a 10 000-resource plan renders at once. */
export const PAGE_SIZE = 100;

/** The attribute diff of one resource, loaded when its row is expanded. */
function ResourceDetailPanel(props: {
  entityRef: string;
  planId: string;
  address: string;
  mode: 'changes' | 'drift';
}) {
  const { entityRef, planId, address, mode } = props;
  const api = useApi(terraformApiRef);
  const { loading, error, value } = useAsync(
    () => api.getResource(entityRef, planId, address),
    [api, entityRef, planId, address],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  if (mode === 'drift') {
    return (
      <AttributeDiff
        attributes={value.drift ?? []}
        empty="Terraform recorded no attribute detail for this drift."
      />
    );
  }
  return (
    <>
      <AttributeDiff attributes={value.attributes} />
      {value.drift && value.drift.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2">Changed outside Terraform</Typography>
          <AttributeDiff attributes={value.drift} />
        </Box>
      )}
    </>
  );
}

function Address(props: { resource: ResourceChange }) {
  const { resource } = props;
  const [module, local] = splitAddress(
    resource.address,
    resource.moduleAddress,
  );
  return (
    <div>
      <span style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        {module && <span style={{ opacity: 0.55 }}>{module}</span>}
        <span style={{ fontWeight: 500 }}>{local}</span>
      </span>
      {resource.previousAddress && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="div"
          style={{ fontFamily: 'monospace' }}
        >
          {`moved from ${resource.previousAddress}`}
        </Typography>
      )}
    </div>
  );
}

// Plain elements and inline styles rather than Box: MUI v4's Box builds styles per instance,
// and a page has a hundred rows.
function ResourceRow(props: {
  resource: ResourceChange;
  expanded: boolean;
  onToggle: (address: string) => void;
  detail: () => JSX.Element;
}) {
  const { resource, expanded, onToggle, detail } = props;
  const label = `${expanded ? 'Hide' : 'Show'} attributes of ${
    resource.address
  }`;
  return (
    <>
      <TableRow data-address={resource.address}>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={label}
            aria-expanded={expanded}
            onClick={() => onToggle(resource.address)}
          >
            {expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
          </IconButton>
        </TableCell>
        <TableCell style={{ whiteSpace: 'nowrap' }}>
          <div
            style={{
              display: 'flex',
              alignItems: 'center',
              flexWrap: 'wrap',
              gap: 4,
            }}
          >
            <ActionChip
              action={resource.action}
              replaceOrder={resource.replaceOrder}
              actionReason={resource.actionReason}
            />
            <ImportBadge importing={resource.importing} />
            <MoveBadge previousAddress={resource.previousAddress} />
          </div>
        </TableCell>
        <TableCell>
          <Address resource={resource} />
        </TableCell>
        <TableCell style={{ fontFamily: 'monospace' }}>
          {resource.type}
        </TableCell>
        <TableCell align="right">
          {resource.changedAttributes > 0
            ? plural(resource.changedAttributes, 'attribute')
            : ''}
        </TableCell>
      </TableRow>
      {expanded && (
        <TableRow>
          <TableCell />
          <TableCell colSpan={4}>{detail()}</TableCell>
        </TableRow>
      )}
    </>
  );
}

/**
 * A plan's resource changes (or drift), filtered and paginated: the indexes are built once per
 * plan, each filter change walks only the candidates, and only one page of rows is rendered.
 */
export function ResourceList(props: {
  entityRef: string;
  planId: string;
  resources: ResourceChange[];
  mode: 'changes' | 'drift';
  filters: ResourceFilters;
  onFiltersChange: (filters: ResourceFilters) => void;
}) {
  const { entityRef, planId, resources, mode, filters, onFiltersChange } =
    props;
  const index = useMemo(() => buildResourceIndex(resources), [resources]);
  const facets = useMemo(
    () => ({
      actions: actionCounts(index),
      modules: moduleOptions(index),
      types: typeOptions(index),
      unchanged: resources.length - index.changed.length,
    }),
    [index, resources.length],
  );
  // Typing stays responsive on a large plan: the list follows the text a moment later.
  const deferredFilters = useDeferredValue(filters);
  const filtered = useMemo(
    () => filterResources(index, deferredFilters),
    [index, deferredFilters],
  );

  const [page, setPage] = useState(0);
  const [pageFor, setPageFor] = useState(filtered);
  // A new result starts at its first page (set during render: no flash of an empty page).
  if (pageFor !== filtered) {
    setPageFor(filtered);
    setPage(0);
  }
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const toggle = (address: string) =>
    setExpanded(previous => {
      const next = new Set(previous);
      if (next.has(address)) next.delete(address);
      else next.add(address);
      return next;
    });

  const rows = filtered.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  let emptyMessage = 'No resource matches the filters.';
  if (resources.length === 0) {
    emptyMessage =
      mode === 'drift'
        ? 'Terraform found no changes made outside of it.'
        : 'The plan changes no resources.';
  }

  return (
    <>
      <ResourceFiltersBar
        filters={filters}
        onChange={onFiltersChange}
        actions={facets.actions}
        modules={facets.modules}
        types={facets.types}
        unchanged={facets.unchanged}
      />
      <Typography variant="body2" color="textSecondary" aria-live="polite">
        {`${plural(filtered.length, 'resource')} shown of ${resources.length}`}
      </Typography>
      <Table
        size="small"
        aria-label={mode === 'drift' ? 'drift' : 'resource changes'}
      >
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>Action</TableCell>
            <TableCell>Address</TableCell>
            <TableCell>Type</TableCell>
            <TableCell align="right">Changed</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(resource => (
            <ResourceRow
              key={resource.address}
              resource={resource}
              expanded={expanded.has(resource.address)}
              onToggle={toggle}
              detail={() => (
                <ResourceDetailPanel
                  entityRef={entityRef}
                  planId={planId}
                  address={resource.address}
                  mode={mode}
                />
              )}
            />
          ))}
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={5}>
                <Typography variant="body2" color="textSecondary">
                  {emptyMessage}
                </Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {filtered.length > PAGE_SIZE && (
        <TablePagination
          component="div"
          count={filtered.length}
          page={page}
          onPageChange={(_e, p) => setPage(p)}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[PAGE_SIZE]}
        />
      )}
    </>
  );
}
