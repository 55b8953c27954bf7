import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createCatalogWaitAction } from './catalogWait';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders-service', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/shop-backend',
    lifecycle: 'experimental',
  },
};

describe('portal:catalog:wait', () => {
  it('returns as soon as the entity is in the catalog', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntityByRef
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(undefined)
      .mockResolvedValue(entity);
    const action = createCatalogWaitAction({ catalog, pollIntervalMs: 1 });
    const ctx = createMockActionContext({
      input: { entityRef: 'component:orders-service', timeoutSeconds: 5 },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('found', true);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/orders-service',
      expect.objectContaining({ credentials: expect.anything() }),
    );
  });

  it('gives up after the timeout without failing the task, also when the catalog errors', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntityByRef
      .mockRejectedValueOnce(new Error('catalog restarting'))
      .mockResolvedValue(undefined);
    const action = createCatalogWaitAction({ catalog, pollIntervalMs: 200 });
    const ctx = createMockActionContext({
      input: {
        entityRef: 'component:default/orders-service',
        timeoutSeconds: 1,
      },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('found', false);
  });

  it('does not look on a dry run, and refuses a malformed ref', async () => {
    const catalog = catalogServiceMock.mock();
    const action = createCatalogWaitAction({ catalog });
    const dry = {
      ...createMockActionContext({ input: { entityRef: 'component:x' } }),
      isDryRun: true,
    };
    await action.handler(dry);
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
    await expect(
      action.handler(
        createMockActionContext({ input: { entityRef: 'component:default/' } }),
      ),
    ).rejects.toThrow(/Invalid entityRef/);
  });
});
