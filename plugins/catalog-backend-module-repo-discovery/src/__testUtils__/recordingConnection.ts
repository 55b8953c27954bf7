import { Entity } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';

/** A mutation as a test reads it: full ones carry `entities`, deltas `added` and `removed`. */
export interface RecordedMutation {
  type: 'full' | 'delta';
  entities?: DeferredEntity[];
  added?: DeferredEntity[];
  removed?: DeferredEntity[];
}

/** A catalog connection that records what a provider applies. */
export function createRecordingConnection() {
  const mutations: RecordedMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      mutations.push(mutation as RecordedMutation);
    },
    refresh: async () => {},
  };
  /** The entities of the last full mutation. */
  const lastFull = (): Entity[] | undefined =>
    mutations
      .filter(m => m.type === 'full')
      .pop()
      ?.entities?.map(d => d.entity);
  return { connection, mutations, lastFull };
}
