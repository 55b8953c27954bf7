import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  FluxActionResponse,
  FluxEntityObjectsResponse,
} from '@platform-portal/plugin-flux-common';
import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useMemo,
} from 'react';
import { fluxApiRef } from '../../api';
import { isFluxAvailable } from '../../lib/entities';
import { replaceObject } from '../../lib/status';
import { Refreshable, useRefreshable } from './useRefreshable';

export interface FluxObjectsState
  extends Refreshable<FluxEntityObjectsResponse> {
  /** Whether the entity declares anything to look up; nothing is read when it does not. */
  configured: boolean;
  /** Shows the object an action returned at once, then reads everything again. */
  onActionDone: (response: FluxActionResponse) => void;
}

function useFluxObjectsLoader(
  entity: Entity,
  enabled: boolean,
  onAction?: () => void,
): FluxObjectsState {
  const api = useApi(fluxApiRef);
  const configured = isFluxAvailable(entity);
  const key = stringifyEntityRef(entity);
  // The entity's own spelling of kind, namespace and name: the backend compares them lowercased.
  const ref = useMemo(() => getCompoundEntityRef(entity), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const load = useCallback(
    (refresh: boolean) => api.getEntityObjects(ref, { refresh }),
    [api, ref],
  );
  const state = useRefreshable(load, enabled && configured);
  const { update, refresh } = state;
  const onActionDone = useCallback(
    (response: FluxActionResponse) => {
      update(value => replaceObject(value, response.object));
      refresh();
      onAction?.();
    },
    [update, refresh, onAction],
  );
  return { ...state, configured, onActionDone };
}

const FluxObjectsContext = createContext<FluxObjectsState | undefined>(
  undefined,
);

/**
 * Reads the entity's Flux objects once for every card inside (the Deployments tab shows three),
 * so that an action in one card refreshes the others too.
 */
export function FluxObjectsProvider(props: {
  entity: Entity;
  /** Called after an action, e.g. to read what depends on the objects again. */
  onAction?: () => void;
  children: ReactNode;
}) {
  const state = useFluxObjectsLoader(props.entity, true, props.onAction);
  return (
    <FluxObjectsContext.Provider value={state}>
      {props.children}
    </FluxObjectsContext.Provider>
  );
}

/** The entity's Flux objects: the provider's when inside one, else read by this component. */
export function useEntityFluxObjects(entity: Entity): FluxObjectsState {
  const shared = useContext(FluxObjectsContext);
  const own = useFluxObjectsLoader(entity, !shared);
  return shared ?? own;
}
