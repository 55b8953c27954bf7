import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { AlertMessage, alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import Tooltip from '@material-ui/core/Tooltip';
import LockIcon from '@material-ui/icons/LockOutlined';
import MoreVertIcon from '@material-ui/icons/MoreVert';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import PauseIcon from '@material-ui/icons/Pause';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import SyncIcon from '@material-ui/icons/Sync';
import {
  FluxAction,
  FluxActionResponse,
  FluxObjectSummary,
  fluxReconcilePermission,
  fluxResumePermission,
  fluxSuspendPermission,
  isActionableOrigin,
} from '@platform-portal/plugin-flux-common';
import { useEffect, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { fluxApiRef } from '../../api';
import { statusLabel } from '../FluxStatusChip';

/** `kustomization flux-system/apps on dev-cluster`: how messages name the object. */
export function describeObject(object: FluxObjectSummary): string {
  return `${object.kind.toLocaleLowerCase('en-US')} ${object.namespace}/${
    object.name
  } on ${object.cluster}`;
}

/** What the alert says once the backend answered. */
export function successMessage(
  action: FluxAction,
  object: FluxObjectSummary,
  response: FluxActionResponse,
): AlertMessage {
  const what = describeObject(object);
  if (action === 'suspend') {
    return {
      message: `Suspended ${what}`,
      severity: 'success',
      display: 'transient',
    };
  }
  if (!response.handled) {
    // The annotation is written; the controller picks it up on its own time.
    return {
      message:
        action === 'reconcile'
          ? `Reconcile of ${what} requested; the controller has not handled it yet`
          : `Resumed ${what}; the controller has not reconciled it yet`,
      severity: 'info',
      display: 'transient',
    };
  }
  const done =
    action === 'reconcile' ? `Reconciled ${what}` : `Resumed ${what}`;
  const { state } = response.object.status;
  // Handled is not succeeded: a reconcile that fails again must not read as good news.
  if (state === 'failed' || state === 'stalled') {
    return {
      message: `${done}, and it is ${statusLabel(response.object.status)}`,
      severity: 'warning',
    };
  }
  return { message: done, severity: 'success', display: 'transient' };
}

/** What the alert says when the backend refused or failed. */
export function failureMessage(
  action: FluxAction,
  object: FluxObjectSummary,
  error: unknown,
): AlertMessage {
  const what = describeObject(object);
  let reason = error instanceof Error ? error.message : String(error);
  let denied = false;
  if (ResponseError.is(error as Error)) {
    const responseError = error as ResponseError;
    reason = responseError.cause?.message || reason;
    denied = responseError.statusCode === 403;
  }
  return {
    message: denied
      ? `Not allowed to ${action} ${what}: ${reason}`
      : `Could not ${action} ${what}: ${reason}`,
    severity: 'error',
  };
}

/**
 * ImagePolicy had no `spec.suspend` before the image API v1; offering Suspend there would only
 * produce an error. A suspended one can still be resumed.
 */
const NOT_SUSPENDABLE = ['ImagePolicy'];

function permissionHint(result: { loading: boolean; allowed: boolean }) {
  if (result.loading) return 'checking permission…';
  return result.allowed ? undefined : 'not permitted';
}

/**
 * The open menu. Mounted only while open, so that a page of a hundred rows asks for permissions
 * only when someone opens one (the answers are cached for the others).
 */
function ActionsMenu(props: {
  anchor: HTMLElement;
  object: FluxObjectSummary;
  resourceRef: string;
  onClose: () => void;
  onSelect: (action: FluxAction) => void;
}) {
  const { anchor, object, resourceRef, onClose, onSelect } = props;
  const reconcile = usePermission({
    permission: fluxReconcilePermission,
    resourceRef,
  });
  const suspend = usePermission({
    permission: fluxSuspendPermission,
    resourceRef,
  });
  const resume = usePermission({
    permission: fluxResumePermission,
    resourceRef,
  });

  const items: Array<{
    action: FluxAction;
    label: string;
    icon: JSX.Element;
    permission: { loading: boolean; allowed: boolean };
  }> = [
    {
      action: 'reconcile',
      label: 'Reconcile',
      icon: <SyncIcon fontSize="small" />,
      permission: reconcile,
    },
  ];
  if (object.suspended) {
    items.push({
      action: 'resume',
      label: 'Resume',
      icon: <PlayArrowIcon fontSize="small" />,
      permission: resume,
    });
  } else if (!NOT_SUSPENDABLE.includes(object.kind)) {
    items.push({
      action: 'suspend',
      label: 'Suspend…',
      icon: <PauseIcon fontSize="small" />,
      permission: suspend,
    });
  }

  return (
    <Menu anchorEl={anchor} open onClose={onClose}>
      {items.map(item => (
        <MenuItem
          key={item.action}
          disabled={!item.permission.allowed}
          onClick={() => onSelect(item.action)}
          data-action={item.action}
        >
          <ListItemIcon style={{ minWidth: 32 }}>{item.icon}</ListItemIcon>
          <ListItemText
            primary={item.label}
            secondary={permissionHint(item.permission)}
          />
        </MenuItem>
      ))}
    </Menu>
  );
}

/**
 * The menu of an object the entity only shares (it applied the entity's workloads among others',
 * or is the source of one that did): acting on it here would act for the other components too,
 * so the menu says where to do it instead.
 */
function ReadOnlyMenu(props: {
  anchor: HTMLElement;
  object: FluxObjectSummary;
  clusterEntityRef?: string;
  onClose: () => void;
}) {
  const { anchor, object, clusterEntityRef, onClose } = props;
  const entityLink = useEntityRefLink();
  const why =
    object.origin === 'source'
      ? "The source of this entity's Flux objects, shared with others"
      : 'Shared: it applies other components too';
  return (
    <Menu anchorEl={anchor} open onClose={onClose}>
      <MenuItem disabled data-read-only>
        <ListItemIcon style={{ minWidth: 32 }}>
          <LockIcon fontSize="small" />
        </ListItemIcon>
        <ListItemText primary="Read-only here" secondary={why} />
      </MenuItem>
      {clusterEntityRef && (
        <MenuItem
          component={RouterLink}
          to={`${entityLink(clusterEntityRef)}/flux`}
          onClick={onClose}
        >
          <ListItemIcon style={{ minWidth: 32 }}>
            <ArrowForwardIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText
            primary={`Act on it from ${object.cluster}'s Flux tab`}
          />
        </MenuItem>
      )}
    </Menu>
  );
}

/**
 * Reconcile, Suspend or Resume one Flux object. Each item is enabled only when the permission
 * policy allows it on `entityRef`, the entity the object was listed for; Suspend asks first.
 * Objects the entity only shares (origin `workload` or `source`) are read-only here.
 * The outcome is reported through the alert API, then `onDone` gets the object as it is now.
 *
 * @public
 */
export function FluxActionsMenu(props: {
  object: FluxObjectSummary;
  /** The entity the object was listed for: the action's path and the permission's resource. */
  entityRef: CompoundEntityRef;
  /** The cluster's catalog entity, where a shared object can be acted on instead. */
  clusterEntityRef?: string;
  onDone?: (response: FluxActionResponse) => void;
}) {
  const { object, entityRef, clusterEntityRef, onDone } = props;
  const actionable = isActionableOrigin(object.origin);
  const api = useApi(fluxApiRef);
  const alertApi = useApi(alertApiRef);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState<FluxAction | undefined>();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const name = `${object.kind} ${object.namespace}/${object.name}`;

  const run = async (action: FluxAction) => {
    setAnchor(null);
    setConfirming(false);
    setRunning(action);
    try {
      const response = await api.runAction(entityRef, action, {
        cluster: object.cluster,
        kind: object.kind,
        namespace: object.namespace,
        name: object.name,
      });
      alertApi.post(successMessage(action, object, response));
      onDone?.(response);
    } catch (error) {
      alertApi.post(failureMessage(action, object, error));
    } finally {
      if (mounted.current) setRunning(undefined);
    }
  };

  return (
    <>
      {running ? (
        <Tooltip title={`${running} in progress`}>
          <span
            style={{ display: 'inline-flex', padding: 5 }}
            role="progressbar"
            aria-label={`${running} of ${name} in progress`}
          >
            <CircularProgress size={18} />
          </span>
        </Tooltip>
      ) : (
        <IconButton
          size="small"
          aria-label={`Actions for ${name} on ${object.cluster}`}
          aria-haspopup="true"
          onClick={event => setAnchor(event.currentTarget)}
        >
          {actionable ? (
            <MoreVertIcon fontSize="small" />
          ) : (
            <LockIcon fontSize="small" color="disabled" />
          )}
        </IconButton>
      )}
      {anchor && !actionable && (
        <ReadOnlyMenu
          anchor={anchor}
          object={object}
          clusterEntityRef={clusterEntityRef}
          onClose={() => setAnchor(null)}
        />
      )}
      {anchor && actionable && (
        <ActionsMenu
          anchor={anchor}
          object={object}
          resourceRef={stringifyEntityRef(entityRef)}
          onClose={() => setAnchor(null)}
          onSelect={action => {
            if (action === 'suspend') {
              setAnchor(null);
              setConfirming(true);
            } else {
              run(action);
            }
          }}
        />
      )}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        aria-labelledby="flux-suspend-title"
      >
        <DialogTitle id="flux-suspend-title">{`Suspend ${name}?`}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {`On ${object.cluster}, Flux stops reconciling it until it is resumed: new commits are not applied and drift is not corrected.`}
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button
            color="secondary"
            variant="contained"
            onClick={() => run('suspend')}
          >
            Suspend
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
