import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import {
  ANNOTATION_ECR_REPOSITORIES,
  EntityImagesResponse,
} from '@platform-portal/plugin-container-images-common';
import { ContainerImagesApi, containerImagesApiRef } from '../../api';
import {
  ECR_REF,
  ecrEntity,
  ecrRepository,
  emptyOciRepository,
  OCI_REF,
  okResponse,
  plainEntity,
  summaryResponse,
  twoRepositoriesEntity,
} from '../../__fixtures__/images';
import { EntityContainerImagesCard } from './EntityContainerImagesCard';

function mockApi(
  getEntityImages: ContainerImagesApi['getEntityImages'],
): jest.Mocked<ContainerImagesApi> {
  return {
    getEntityImages: jest.fn(getEntityImages),
    getFindings: jest.fn(),
  };
}

function renderCard(entity: Entity, api: ContainerImagesApi) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityContainerImagesCard />
    </EntityProvider>,
    {
      apis: [[containerImagesApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityContainerImagesCard', () => {
  it('shows the latest stable and snapshot, the findings of the stable and the violations', async () => {
    const api = mockApi(async () => okResponse);
    renderCard(ecrEntity, api);

    expect(
      await screen.findByText(
        '104729384756.dkr.ecr.eu-central-1.amazonaws.com/shop/orders-service',
      ),
    ).toBeInTheDocument();
    // A summary: the card needs no image list.
    expect(api.getEntityImages).toHaveBeenCalledWith(
      'component:default/orders-service',
      { refresh: false, limit: 0 },
    );

    const stableRow = screen.getByText('Latest stable').parentElement!;
    expect(within(stableRow).getByText('1.4.1')).toBeInTheDocument();
    expect(within(stableRow).getByText('aaaaaaaaaaaa')).toBeInTheDocument();
    expect(within(stableRow).getByText('2 days ago')).toBeInTheDocument();

    const snapshotRow = screen.getByText('Latest snapshot').parentElement!;
    expect(within(snapshotRow).getByText('1.5.0-SNAPSHOT')).toBeInTheDocument();

    // Only critical and high at a glance; medium and low are for the tab.
    const findingsRow = screen.getByText('Stable findings').parentElement!;
    expect(within(findingsRow).getByText('CRITICAL 2')).toBeInTheDocument();
    expect(within(findingsRow).getByText('HIGH 5')).toBeInTheDocument();
    expect(within(findingsRow).queryByText(/MEDIUM/)).not.toBeInTheDocument();

    const imagesRow = screen.getByText('Images').parentElement!;
    expect(within(imagesRow).getByText('stable 2')).toBeInTheDocument();
    expect(within(imagesRow).getByText('snapshot 1')).toBeInTheDocument();
    expect(within(imagesRow).getByText('moving 1')).toBeInTheDocument();
    expect(within(imagesRow).getByText('other 1')).toBeInTheDocument();

    expect(
      screen.getByText(
        'repository allows overwriting stable tags (tag mutability MUTABLE)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('stable tag 1.4.0 was overwritten'),
    ).toBeInTheDocument();

    expect(screen.getByText('All images').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/orders-service/images',
    );
  });

  it('shows latest images, stable findings and counts from a summary without images', async () => {
    renderCard(
      ecrEntity,
      mockApi(async () => summaryResponse),
    );

    const stableRow = (await screen.findByText('Latest stable')).parentElement!;
    expect(within(stableRow).getByText('1.4.1')).toBeInTheDocument();
    const findingsRow = screen.getByText('Stable findings').parentElement!;
    expect(within(findingsRow).getByText('CRITICAL 2')).toBeInTheDocument();
    const imagesRow = screen.getByText('Images').parentElement!;
    expect(within(imagesRow).getByText('4')).toBeInTheDocument();
    expect(within(imagesRow).getByText('stable 2')).toBeInTheDocument();
    // Not "no tagged images": the repository has four, the summary just does not list them.
    expect(screen.queryByText(/No tagged images yet/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'repository allows overwriting stable tags (tag mutability MUTABLE)',
      ),
    ).toBeInTheDocument();
  });

  it('says so in green when the latest stable has no critical or high findings', async () => {
    const clean = {
      ...ecrRepository,
      images: [],
      latestStable: {
        ...ecrRepository.latestStable!,
        scan: { status: 'COMPLETE', findingCounts: { LOW: 3 } },
      },
    };
    renderCard(
      ecrEntity,
      mockApi(async () => ({ ...summaryResponse, repositories: [clean] })),
    );

    expect(
      await screen.findByText('No critical/high findings'),
    ).toBeInTheDocument();
  });

  it('tells which annotation to add when the entity declares no repository, without calling the backend', async () => {
    const api = mockApi(async () => okResponse);
    renderCard(plainEntity, api);

    expect(
      await screen.findByText('No container image repository declared'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(ANNOTATION_ECR_REPOSITORIES).length,
    ).toBeGreaterThan(0);
    // The example is syntax highlighted (loaded lazily), its text split over many elements.
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        `${ANNOTATION_ECR_REPOSITORIES}: arn:aws:ecr:eu-central-1:104729384756:repository/shop/orders-service`,
      ),
    );
    expect(api.getEntityImages).not.toHaveBeenCalled();
  });

  it('explains an empty repository: the pipeline pushes on main and develop', async () => {
    renderCard(
      entityWithOci(),
      mockApi(async () => ({
        ...okResponse,
        repositories: [emptyOciRepository],
      })),
    );

    expect(await screen.findByText(/No tagged images yet/)).toBeInTheDocument();
    expect(screen.getByText('main')).toBeInTheDocument();
    expect(screen.getByText('develop')).toBeInTheDocument();
  });

  it('shows a failing repository inline and still renders the others', async () => {
    const response: EntityImagesResponse = {
      entityRef: 'component:default/orders-service',
      repositories: [emptyOciRepository],
      errors: [
        {
          ref: ECR_REF,
          provider: 'ecr',
          error: {
            name: 'AccessDeniedException',
            message: 'User is not authorized to perform ecr:DescribeImages',
            statusCode: 403,
          },
        },
      ],
    };
    renderCard(
      twoRepositoriesEntity,
      mockApi(async () => response),
    );

    const failure = await screen.findByText(ECR_REF);
    const alert = failure.closest('[role="alert"]') as HTMLElement;
    expect(
      within(alert).getByText(
        'AccessDeniedException: User is not authorized to perform ecr:DescribeImages',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('registry.local/shop/orders-service'),
    ).toBeInTheDocument();

    // Listed in the order the annotations declare them: the ECR repository first.
    const text = document.body.textContent!;
    expect(text.indexOf(ECR_REF)).toBeLessThan(
      text.indexOf('registry.local/shop/orders-service'),
    );
  });

  it('shows the error of a failed request instead of a blank card', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Permission denied' },
          request: {
            method: 'GET',
            url: '/entity/component/default/orders-service/images',
          },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    renderCard(
      ecrEntity,
      mockApi(async () => {
        throw error;
      }),
    );

    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
    expect(screen.getByText('403: NotAllowedError')).toBeInTheDocument();
    expect(screen.getByText('Container images')).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    renderCard(
      ecrEntity,
      mockApi(() => new Promise(() => {})),
    );

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });
});

function entityWithOci(): Entity {
  return {
    ...ecrEntity,
    metadata: {
      ...ecrEntity.metadata,
      annotations: { 'platform-portal.io/oci-repositories': OCI_REF },
    },
  };
}
