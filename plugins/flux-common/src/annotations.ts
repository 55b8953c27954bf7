/**
 * The Flux Kustomizations an entity is deployed by: a comma-separated list of
 * `<namespace>/<name>` (e.g. `flux-system/apps,flux-system/infrastructure`).
 */
export const ANNOTATION_FLUX_KUSTOMIZATIONS =
  'platform-portal.io/flux-kustomizations';
/** The upstream Kubernetes plugin's id: objects labelled `backstage.io/kubernetes-id=<id>`. */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** The upstream Kubernetes plugin's label selector for the entity's objects. */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';

/** A `<namespace>/<name>` reference from {@link ANNOTATION_FLUX_KUSTOMIZATIONS}. */
export interface FluxKustomizationRef {
  namespace: string;
  name: string;
}

// A DNS-1123 subdomain (names) or label (namespaces); lenient on length.
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * The Kustomizations listed in {@link ANNOTATION_FLUX_KUSTOMIZATIONS}, deduplicated, in order.
 * Entries that are not `<namespace>/<name>` are returned in `invalid`.
 */
export function parseFluxKustomizations(annotations?: Record<string, string>): {
  refs: FluxKustomizationRef[];
  invalid: string[];
} {
  const refs: FluxKustomizationRef[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const raw of (annotations?.[ANNOTATION_FLUX_KUSTOMIZATIONS] ?? '').split(
    ',',
  )) {
    const entry = raw.trim();
    if (!entry) continue;
    const parts = entry.split('/');
    if (parts.length !== 2 || !NAME.test(parts[0]) || !NAME.test(parts[1])) {
      invalid.push(entry);
      continue;
    }
    if (seen.has(entry)) continue;
    seen.add(entry);
    refs.push({ namespace: parts[0], name: parts[1] });
  }
  return { refs, invalid };
}

/** Whether an entity declares anything the Flux plugin can look up. */
export function isFluxAvailable(annotations?: Record<string, string>): boolean {
  return (
    parseFluxKustomizations(annotations).refs.length > 0 ||
    !!annotations?.[ANNOTATION_KUBERNETES_ID]?.trim() ||
    !!annotations?.[ANNOTATION_KUBERNETES_LABEL_SELECTOR]?.trim()
  );
}
