import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  PlanDocument,
  ResourceChange,
} from '@platform-portal/plugin-terraform-common';
import { useMemo } from 'react';
import { plural } from '../../lib/format';
import { COUNT_COLORS } from '../shared';

/** Addresses named in a callout; the filter shows the rest. */
const NAMED = 8;

function Addresses(props: { resources: ResourceChange[]; order?: boolean }) {
  const { resources, order } = props;
  const rest = resources.length - NAMED;
  return (
    <Box component="ul" m={0} pl={3}>
      {resources.slice(0, NAMED).map(r => (
        <li key={r.address} style={{ fontFamily: 'monospace' }}>
          {r.address}
          {order && r.replaceOrder && (
            <span style={{ fontFamily: 'inherit', opacity: 0.7 }}>
              {r.replaceOrder === 'create-first'
                ? ' (create before destroy)'
                : ' (destroy before create)'}
            </span>
          )}
        </li>
      ))}
      {rest > 0 && <li>{`and ${rest} more`}</li>}
    </Box>
  );
}

/**
 * What nobody should miss in a plan: what it destroys and what it replaces (a replace destroys
 * too), named, with a way to list only those. And a plan that errored part-way.
 */
export function PlanCallouts(props: {
  document: PlanDocument;
  onShowOnly: (action: 'delete' | 'replace') => void;
}) {
  const { document, onShowOnly } = props;
  const { destroyed, replaced } = useMemo(
    () => ({
      destroyed: document.resources.filter(r => r.action === 'delete'),
      replaced: document.resources.filter(r => r.action === 'replace'),
    }),
    [document.resources],
  );
  const destroy = Math.max(document.counts.destroy, destroyed.length);
  const replace = Math.max(document.counts.replace, replaced.length);
  return (
    <>
      {document.errored && (
        <Alert severity="error" style={{ marginBottom: 8 }}>
          <AlertTitle>The plan errored</AlertTitle>
          Terraform stopped part-way: the changes below may be incomplete. See
          the run for the error.
        </Alert>
      )}
      {destroy > 0 && (
        <Alert
          severity="error"
          style={{ marginBottom: 8 }}
          data-callout="destroy"
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() => onShowOnly('delete')}
            >
              Show only these
            </Button>
          }
        >
          <AlertTitle>{`${destroy} to destroy`}</AlertTitle>
          <Addresses resources={destroyed} />
        </Alert>
      )}
      {replace > 0 && (
        <Alert
          severity="warning"
          icon={false}
          style={{
            marginBottom: 8,
            borderLeft: `4px solid ${COUNT_COLORS.replace}`,
          }}
          data-callout="replace"
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() => onShowOnly('replace')}
            >
              Show only these
            </Button>
          }
        >
          <AlertTitle>{`${replace} to replace`}</AlertTitle>
          {`${plural(
            replace,
            'resource is',
            'resources are',
          )} destroyed and created again:`}
          <Addresses resources={replaced} order />
        </Alert>
      )}
    </>
  );
}
