import {
  ANNOTATION_FLUX_KUSTOMIZATIONS,
  isFluxAvailable,
  parseFluxKustomizations,
} from './annotations';
import { fluxPermissions } from './permissions';
import { FLUX_KINDS, FLUX_RESOURCES, isFluxKind } from './types';

describe('annotations', () => {
  it('parses namespace/name lists', () => {
    expect(
      parseFluxKustomizations({
        [ANNOTATION_FLUX_KUSTOMIZATIONS]:
          ' flux-system/infrastructure, flux-system/apps,,flux-system/apps,bad,a/b/c,Up/per',
      }),
    ).toEqual({
      refs: [
        { namespace: 'flux-system', name: 'infrastructure' },
        { namespace: 'flux-system', name: 'apps' },
      ],
      invalid: ['bad', 'a/b/c', 'Up/per'],
    });
    expect(parseFluxKustomizations(undefined)).toEqual({
      refs: [],
      invalid: [],
    });
  });

  it('knows when an entity has Flux objects to show', () => {
    expect(isFluxAvailable({})).toBe(false);
    expect(isFluxAvailable({ [ANNOTATION_FLUX_KUSTOMIZATIONS]: 'x' })).toBe(
      false,
    );
    expect(
      isFluxAvailable({ [ANNOTATION_FLUX_KUSTOMIZATIONS]: 'flux-system/apps' }),
    ).toBe(true);
    expect(isFluxAvailable({ 'backstage.io/kubernetes-id': 'podinfo' })).toBe(
      true,
    );
    expect(
      isFluxAvailable({
        'backstage.io/kubernetes-label-selector': 'app=podinfo',
      }),
    ).toBe(true);
  });
});

describe('permissions and kinds', () => {
  it('declares catalog-entity permissions', () => {
    expect(
      fluxPermissions.map(p => [
        p.name,
        p.attributes.action,
        (p as any).resourceType,
      ]),
    ).toEqual([
      ['flux.read', 'read', 'catalog-entity'],
      ['flux.reconcile', 'update', 'catalog-entity'],
      ['flux.suspend', 'update', 'catalog-entity'],
      ['flux.resume', 'update', 'catalog-entity'],
    ]);
  });

  it('lists every kind with its preferred version first', () => {
    expect(FLUX_KINDS).toHaveLength(10);
    expect(isFluxKind('HelmRelease')).toBe(true);
    expect(isFluxKind('toString')).toBe(false);
    expect(FLUX_RESOURCES.HelmRelease.versions).toEqual([
      'v2',
      'v2beta2',
      'v2beta1',
    ]);
    expect(FLUX_RESOURCES.OCIRepository.versions[0]).toBe('v1');
  });
});
