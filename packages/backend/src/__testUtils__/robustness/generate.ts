import {
  CatalogFileCase,
  catalogFileCases,
  validateEntityCases,
} from './catalogCases';
import {
  ClusterScenario,
  clusterScenarios,
  FluxCase,
  fluxCases,
} from './fluxCases';
import { HttpCase } from './http';
import { PlanCase, planCases } from './planCases';
import { Rng, digestOf } from './random';
import { ScaffolderCases, scaffolderCases } from './scaffolderCases';

/** A ref of an example component (examples/catalog), the target of the duplicate-entity cases. */
export const EXAMPLE_COMPONENT_REF = 'component:default/piksel-eks';

export interface GeneratedCases {
  seed: number;
  full: boolean;
  validateEntity: HttpCase[];
  catalogFiles: CatalogFileCase[];
  plans: PlanCase[];
  flux: FluxCase[];
  clusters: ClusterScenario[];
  scaffolder: ScaffolderCases;
  /** One digest of everything, to show that a seed always gives the same cases. */
  digest: string;
}

/**
 * Every generated case of the robustness suite, from one seed. The query-string cases need the
 * running backend's ids (a plan id, a uid), so they are generated in the test, from the same seed.
 */
export function generateCases(seed: number, full: boolean): GeneratedCases {
  const rng = new Rng(seed);
  const validateEntity = validateEntityCases(
    rng.fork('validate-entity'),
    full ? 4 : 1,
  );
  const catalogFiles = catalogFileCases(rng.fork('catalog-files'), {
    count: full ? 400 : 100,
    exampleComponentRef: EXAMPLE_COMPONENT_REF,
  });
  const plans = planCases(rng.fork('plans'), { rounds: full ? 3 : 1 });
  const flux = fluxCases(rng.fork('flux'), { perPath: full ? 12 : 4 });
  const clusters = clusterScenarios(rng.fork('clusters'), {
    count: full ? 120 : 40,
    label: 'robustness-flux',
    objects: flux,
  });
  const scaffolder = scaffolderCases(rng.fork('scaffolder'), {
    exampleComponentRef: EXAMPLE_COMPONENT_REF,
    repeat: full ? 3 : 1,
  });
  const digest = digestOf([
    digestOf(validateEntity.map(c => [c.id, c.body])),
    digestOf(catalogFiles.flatMap(c => [c.id, c.valid, c.broken])),
    digestOf(plans.flatMap(c => [c.id, c.bytes])),
    digestOf(flux.map(c => [c.id, c.object])),
    digestOf(clusters),
    digestOf(
      [...scaffolder.tasks, ...scaffolder.dryRuns].map(c => [c.id, c.body]),
    ),
  ]);
  return {
    seed,
    full,
    validateEntity,
    catalogFiles,
    plans,
    flux,
    clusters,
    scaffolder,
    digest,
  };
}
