import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import { FluxApi, fluxApiRef } from '../../api';
import {
  commitUrl,
  objectsResponse,
  serviceEntity,
  SHA_PUSH,
} from '../../__fixtures__/flux';
import { EntityFluxImageAutomationCard } from './EntityFluxImageAutomationCard';

function renderCard(getEntityObjects: FluxApi['getEntityObjects']) {
  const api: FluxApi = {
    getEntityObjects: jest.fn(getEntityObjects),
    getDeployments: jest.fn(),
    getClusterView: jest.fn(),
    runAction: jest.fn(),
  };
  renderInTestApp(
    <EntityProvider entity={serviceEntity}>
      <EntityFluxImageAutomationCard />
    </EntityProvider>,
    {
      apis: [[fluxApiRef, api], mockApis.permission(), mockApis.alert()],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

function row(key: string): HTMLElement {
  const element = document.querySelector(`[data-object="${key}"]`);
  if (!element) throw new Error(`No row for ${key}`);
  return element as HTMLElement;
}

describe('EntityFluxImageAutomationCard', () => {
  it('shows the tags Flux sees, the image it picked and the last commit it pushed', async () => {
    renderCard(async () => objectsResponse);

    const repository = await waitFor(() =>
      row('dev-cluster/ImageRepository/flux-system/orders-service'),
    );
    expect(
      within(repository).getByText('shop/orders-service'),
    ).toBeInTheDocument();
    expect(
      within(repository).getByText(
        '42 tags · latest 1.4.3, 1.4.3-SNAPSHOT, 1.4.2',
      ),
    ).toBeInTheDocument();
    expect(within(repository).getByText('4 minutes ago')).toBeInTheDocument();

    const policy = row('dev-cluster/ImagePolicy/flux-system/orders-service');
    expect(
      within(policy).getByText((_, e) =>
        e?.hasAttribute('data-latest-image')
          ? e.textContent === 'shop/orders-service:1.4.3'
          : false,
      ),
    ).toBeInTheDocument();
    expect(within(policy).getByText('1.4.3').tagName).toBe('STRONG');

    const automation = row(
      'dev-cluster/ImageUpdateAutomation/flux-system/fleet',
    );
    expect(within(automation).getByText('last push')).toBeInTheDocument();
    expect(
      within(automation).getByRole('link', { name: /^9a8b7c6/ }),
    ).toHaveAttribute('href', commitUrl(SHA_PUSH));
  });

  it('shows a kind that could not be read on a cluster (403), and the whole clusters that could not', async () => {
    renderCard(async () => objectsResponse);

    const errors = await screen.findByTestId('cluster-errors');
    expect(errors).toHaveTextContent(
      'Could not read everything from 2 clusters',
    );
    const forbidden = errors.querySelector(
      '[data-cluster-error="staging-cluster"]',
    );
    expect(forbidden).toHaveTextContent(
      /^staging-cluster \(ImageRepository\): FORBIDDEN imagerepositories\.image\.toolkit\.fluxcd\.io is forbidden: .* \(HTTP 403\)$/,
    );
    expect(
      errors.querySelector('[data-cluster-error="sandbox-cluster"]'),
    ).toHaveTextContent('TIMEOUT');
    // The dev cluster's objects are still listed.
    expect(
      row('dev-cluster/ImagePolicy/flux-system/orders-service'),
    ).toBeInTheDocument();
  });

  it('says when there is no image automation', async () => {
    renderCard(async () => ({
      ...objectsResponse,
      items: objectsResponse.items.filter(i => !i.kind.startsWith('Image')),
      errors: [],
    }));
    expect(
      await screen.findByText(
        'No image repositories, policies or update automations found on 4 clusters.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('cluster-errors')).not.toBeInTheDocument();
  });
});
