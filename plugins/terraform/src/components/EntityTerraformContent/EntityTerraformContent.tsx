import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import {
  Navigate,
  Route,
  Routes,
  useLocation,
  useParams,
} from 'react-router-dom';
import { terraformApiRef } from '../../api';
import { PlanPage } from '../PlanPage';
import {
  NotConfigured,
  PlanDocumentCache,
  PlanDocumentCacheContext,
  useEntityPlans,
} from '../shared';
import { PlanList } from './PlanList';

/**
 * A path below the tab that is not a plan: back to the list. Absolute, because a relative
 * path inside a splat route resolves differently from React Router 7 on.
 */
function ToTabRoot() {
  const { pathname } = useLocation();
  const rest = useParams()['*'] ?? '';
  return (
    <Navigate to={pathname.slice(0, pathname.length - rest.length)} replace />
  );
}

/**
 * The entity tab: the plans by environment and pull request at its root, one plan at
 * `plans/:planId`. The list and the opened plans live here, so going back to the list does not
 * read everything again.
 *
 * @public
 */
export function EntityTerraformContent() {
  const { entity } = useEntity();
  const api = useApi(terraformApiRef);
  const cache = useMemo(() => new PlanDocumentCache(api), [api]);
  const { configured, entityRef, loading, error, value, retry } =
    useEntityPlans(entity);

  if (!configured) return <NotConfigured />;

  const list = (
    <PlanList
      entity={entity}
      entityRef={entityRef}
      loading={loading}
      error={error}
      value={value}
      retry={retry}
    />
  );
  return (
    <PlanDocumentCacheContext.Provider value={cache}>
      <Routes>
        <Route
          path="plans/:planId"
          element={<PlanPage entityRef={entityRef} />}
        />
        <Route index element={list} />
        <Route path="*" element={<ToTabRoot />} />
      </Routes>
    </PlanDocumentCacheContext.Provider>
  );
}
