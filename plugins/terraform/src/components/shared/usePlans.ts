import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  PlanCounts,
  PlanDocument,
  PlanListItem,
} from '@platform-portal/plugin-terraform-common';
import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { TerraformApi, terraformApiRef } from '../../api';
import { isTerraformAvailable } from '../../lib/annotations';

/** The entity's plans; loads only when the entity declares a source. */
export function useEntityPlans(entity: Entity) {
  const api = useApi(terraformApiRef);
  const entityRef = stringifyEntityRef(entity);
  const configured = isTerraformAvailable(entity);
  const state = useAsyncRetry(
    async () => (configured ? api.getPlans(entityRef) : undefined),
    [api, entityRef, configured],
  );
  return { configured, entityRef, ...state };
}

/**
 * Plan documents by id, the few most recently used. A plan fetched for its counts on the list
 * opens instantly from here; the bound keeps large plans from piling up in the browser.
 */
export class PlanDocumentCache {
  private readonly documents = new Map<string, Promise<PlanDocument>>();

  constructor(private readonly api: TerraformApi, private readonly max = 4) {}

  get(entityRef: string, planId: string): Promise<PlanDocument> {
    const key = `${entityRef}\n${planId}`;
    const cached = this.documents.get(key);
    if (cached) {
      this.documents.delete(key);
      this.documents.set(key, cached);
      return cached;
    }
    const loading = this.api.getPlan(entityRef, planId);
    this.documents.set(key, loading);
    // A failure is not kept: opening the plan again tries again.
    loading.catch(() => {
      if (this.documents.get(key) === loading) this.documents.delete(key);
    });
    while (this.documents.size > this.max) {
      this.documents.delete(this.documents.keys().next().value!);
    }
    return loading;
  }
}

export const PlanDocumentCacheContext = createContext<
  PlanDocumentCache | undefined
>(undefined);

/** The cache of the tab, or one of its own for a component outside it (the card). */
export function usePlanDocuments(): PlanDocumentCache {
  const shared = useContext(PlanDocumentCacheContext);
  const api = useApi(terraformApiRef);
  const own = useMemo(() => new PlanDocumentCache(api), [api]);
  return shared ?? own;
}

/** Counts read from a plan's document, for plans whose source does not report them. */
export type LazyCounts =
  | { loading: true; counts?: undefined; error?: undefined }
  | { loading: false; counts: PlanCounts; error?: undefined }
  | { loading: false; counts?: undefined; error: Error };

/** Plans opened at once for their counts: a few, so a list of environments is not a burst. */
export const COUNTS_CONCURRENCY = 2;

/**
 * The counts of `plans` that came without them, read from their documents, at most
 * {@link COUNTS_CONCURRENCY} at a time. Plans that carry counts are not fetched.
 */
export function useLazyCounts(
  entityRef: string,
  plans: PlanListItem[],
): Record<string, LazyCounts> {
  const cache = usePlanDocuments();
  const [state, setState] = useState<Record<string, LazyCounts>>({});
  // What is already counted, read by the effect without re-running it on every result.
  const known = useRef(state);
  known.current = state;
  const wanted = plans
    .filter(p => !p.counts)
    .map(p => p.id)
    .join('\n');

  useEffect(() => {
    if (!wanted) return undefined;
    let cancelled = false;
    const queue = wanted.split('\n').filter(id => !known.current[id]?.counts);
    if (queue.length === 0) return undefined;
    setState(previous => {
      const next = { ...previous };
      for (const id of queue) {
        next[id] = { loading: true };
      }
      return next;
    });
    const worker = async () => {
      while (!cancelled && queue.length > 0) {
        const id = queue.shift()!;
        let result: LazyCounts;
        try {
          const document = await cache.get(entityRef, id);
          result = { loading: false, counts: document.counts };
        } catch (error) {
          result = { loading: false, error: error as Error };
        }
        if (!cancelled) setState(previous => ({ ...previous, [id]: result }));
      }
    };
    for (let i = 0; i < Math.min(COUNTS_CONCURRENCY, queue.length); i++) {
      worker();
    }
    return () => {
      cancelled = true;
    };
  }, [cache, entityRef, wanted]);

  return state;
}
