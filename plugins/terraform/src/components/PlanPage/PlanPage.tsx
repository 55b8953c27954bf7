import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { PlanDocument } from '@platform-portal/plugin-terraform-common';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { plural } from '../../lib/format';
import { NO_FILTERS, ResourceFilters } from '../../lib/resourceFilter';
import { CountsBar, DestructiveChips, usePlanDocuments } from '../shared';
import { OutputsTable } from './OutputsTable';
import { PlanCallouts } from './PlanCallouts';
import { PlanHeader } from './PlanHeader';
import { ResourceList } from './ResourceList';

const TABS = ['changes', 'drift', 'outputs'] as const;
type TabName = (typeof TABS)[number];

/** Back to the tab's list: the parent of this route, wherever the tab is mounted. */
function BackLink() {
  return (
    <Link to="..">
      <Box component="span" display="inline-flex" alignItems="center">
        <ArrowBackIcon fontSize="small" style={{ marginRight: 4 }} />
        All plans
      </Box>
    </Link>
  );
}

/** What else the plan does, beside the bar: reads, imports, moves, drift, unchanged. */
function OtherCounts(props: { document: PlanDocument }) {
  const { counts } = props.document;
  const parts = [
    counts.read && `${counts.read} to read`,
    counts.import && `${counts.import} to import`,
    counts.move && `${counts.move} moved`,
    counts.forget && `${counts.forget} to forget`,
    counts.drift && `${counts.drift} drifted`,
    counts.noOp && `${counts.noOp} unchanged`,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <Typography variant="body2" color="textSecondary" component="span">
      {parts.join(' · ')}
    </Typography>
  );
}

function PlanView(props: { entityRef: string; document: PlanDocument }) {
  const { entityRef, document } = props;
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab') as TabName | null;
  const tab: TabName =
    requested && TABS.includes(requested) ? requested : 'changes';
  const setTab = (next: TabName) =>
    setSearchParams(
      previous => {
        const params = new URLSearchParams(previous);
        if (next === 'changes') params.delete('tab');
        else params.set('tab', next);
        return params;
      },
      { replace: true },
    );
  // Kept here, not in the list: switching tabs and the callouts' "Show only these" keep them.
  const [changeFilters, setChangeFilters] =
    useState<ResourceFilters>(NO_FILTERS);
  const [driftFilters, setDriftFilters] = useState<ResourceFilters>(NO_FILTERS);

  return (
    <>
      <PlanHeader document={document} />
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        mb={1}
        style={{ gap: 12 }}
      >
        <CountsBar counts={document.counts} width={160} />
        <DestructiveChips counts={document.counts} />
        <OtherCounts document={document} />
      </Box>
      <PlanCallouts
        document={document}
        onShowOnly={action => {
          setChangeFilters({ ...NO_FILTERS, actions: [action] });
          setTab('changes');
        }}
      />
      <Paper style={{ padding: 16 }}>
        <Tabs
          value={tab}
          onChange={(_e, value: TabName) => setTab(value)}
          indicatorColor="primary"
          aria-label="Plan sections"
        >
          <Tab
            value="changes"
            label={`Changes (${document.resources.length})`}
          />
          <Tab value="drift" label={`Drift (${document.drift.length})`} />
          <Tab value="outputs" label={`Outputs (${document.outputs.length})`} />
        </Tabs>
        <Box mt={2} role="tabpanel" aria-label={tab}>
          {tab === 'changes' && (
            <ResourceList
              key="changes"
              entityRef={entityRef}
              planId={document.id}
              resources={document.resources}
              mode="changes"
              filters={changeFilters}
              onFiltersChange={setChangeFilters}
            />
          )}
          {tab === 'drift' && (
            <>
              {document.drift.length > 0 && (
                <Typography variant="body2" color="textSecondary" paragraph>
                  {`Terraform found ${plural(
                    document.drift.length,
                    'resource',
                  )} changed outside of it since the last apply; the plan takes these as the starting point.`}
                </Typography>
              )}
              <ResourceList
                key="drift"
                entityRef={entityRef}
                planId={document.id}
                resources={document.drift}
                mode="drift"
                filters={driftFilters}
                onFiltersChange={setDriftFilters}
              />
            </>
          )}
          {tab === 'outputs' && <OutputsTable outputs={document.outputs} />}
        </Box>
      </Paper>
    </>
  );
}

/**
 * One plan, at `<tab>/plans/:planId`: where it came from, what it does, and every change with
 * its attribute diff.
 */
export function PlanPage(props: { entityRef: string }) {
  const { entityRef } = props;
  const { planId = '' } = useParams();
  const cache = usePlanDocuments();
  const { loading, error, value } = useAsync(
    () => cache.get(entityRef, planId),
    [cache, entityRef, planId],
  );
  return (
    <>
      <Box mb={2}>
        <BackLink />
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && !loading && <PlanView entityRef={entityRef} document={value} />}
    </>
  );
}
