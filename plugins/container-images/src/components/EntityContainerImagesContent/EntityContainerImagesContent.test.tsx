import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ContainerImagesApi, containerImagesApiRef } from '../../api';
import {
  ECR_REF,
  ecrEntity,
  ecrRepository,
  emptyOciRepository,
  findingsOf141,
  okResponse,
  stable141,
  twoRepositoriesEntity,
} from '../../__fixtures__/images';
import { EntityContainerImagesContent } from './EntityContainerImagesContent';

function mockApi(
  overrides: Partial<ContainerImagesApi> = {},
): jest.Mocked<ContainerImagesApi> {
  return {
    getEntityImages: jest.fn(
      overrides.getEntityImages ?? (async () => okResponse),
    ),
    getFindings: jest.fn(overrides.getFindings ?? (async () => findingsOf141)),
  };
}

function renderContent(api: ContainerImagesApi, entity: Entity = ecrEntity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityContainerImagesContent />
    </EntityProvider>,
    { apis: [[containerImagesApiRef, api]] },
  );
}

/** The table's body rows, each as the list of its tag names. */
function tagsPerRow(): string[][] {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1) // the header
    .map(row =>
      Array.from(row.querySelectorAll('[data-tag-class]')).map(
        chip => chip.textContent ?? '',
      ),
    )
    .filter(tags => tags.length > 0);
}

describe('EntityContainerImagesContent', () => {
  it('lists every image newest first with tags, short digest, size, scan status and findings', async () => {
    renderContent(mockApi());

    expect(
      await screen.findByRole('heading', {
        name: '104729384756.dkr.ecr.eu-central-1.amazonaws.com/shop/orders-service',
      }),
    ).toBeInTheDocument();
    expect(tagsPerRow()).toEqual([
      ['1.5.0-SNAPSHOT', 'develop'],
      ['feature-login'],
      ['1.4.1'],
      ['1.4.0'],
    ]);

    const row141 = screen.getByText('1.4.1').closest('tr')!;
    expect(within(row141).getByText('aaaaaaaaaaaa')).toBeInTheDocument();
    expect(within(row141).getByText('46.1 MB')).toBeInTheDocument();
    expect(within(row141).getByText('scanned')).toBeInTheDocument();
    expect(
      within(row141).getByRole('img', {
        name: 'findings: CRITICAL 2, HIGH 5, MEDIUM 7, LOW 1',
      }),
    ).toBeInTheDocument();

    const pendingRow = screen.getByText('feature-login').closest('tr')!;
    expect(within(pendingRow).getByText('scan pending')).toBeInTheDocument();

    const overwritten = screen.getByText('1.4.0').closest('tr')!;
    expect(
      within(overwritten).getByRole('img', { name: '1 violation' }),
    ).toBeInTheDocument();
  });

  it('shows how the repository is kept: mutability, lifecycle policy, console link, violations', async () => {
    renderContent(mockApi());

    expect(await screen.findByText('mutable tags')).toBeInTheDocument();
    expect(
      screen.getByText(
        'untagged images, more than 14 days since pushed → expire',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Open in console').closest('a')).toHaveAttribute(
      'href',
      ecrRepository.consoleUrl,
    );
    expect(
      screen.getByText(
        'repository allows overwriting stable tags (tag mutability MUTABLE)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/^read /)).toBeInTheDocument();
  });

  it('filters the images by tag class', async () => {
    const user = userEvent.setup();
    renderContent(mockApi());
    await screen.findByRole('table');

    await user.click(screen.getByRole('button', { name: 'stable' }));
    expect(tagsPerRow()).toEqual([['1.4.1'], ['1.4.0']]);

    // An image counts under every class of its tags.
    await user.click(screen.getByRole('button', { name: 'moving' }));
    expect(tagsPerRow()).toEqual([['1.5.0-SNAPSHOT', 'develop']]);

    await user.click(screen.getByRole('button', { name: 'all' }));
    expect(tagsPerRow()).toHaveLength(4);
  });

  it('searches the table by tag', async () => {
    const user = userEvent.setup();
    renderContent(mockApi());
    await screen.findByRole('table');

    await user.type(screen.getByPlaceholderText('Filter'), 'feature');
    await waitFor(() => expect(tagsPerRow()).toEqual([['feature-login']]));
  });

  it('copies the full digest, not the short one shown', async () => {
    const user = userEvent.setup();
    renderContent(mockApi());
    await screen.findByRole('table');

    // user-event puts a clipboard stub on navigator; watch what is written to it.
    const writeText = jest.spyOn(navigator.clipboard, 'writeText');

    await user.click(
      screen.getByRole('button', { name: `Copy digest ${stable141.digest}` }),
    );
    expect(writeText).toHaveBeenCalledWith(stable141.digest);
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });

  it('opens the findings of an image in a dialog, loaded only then', async () => {
    const user = userEvent.setup();
    const api = mockApi();
    renderContent(api);
    await screen.findByRole('table');
    expect(api.getFindings).not.toHaveBeenCalled();

    await user.click(
      screen.getByRole('button', { name: 'Show findings of 1.4.1' }),
    );

    const dialog = await screen.findByRole('dialog');
    expect(api.getFindings).toHaveBeenCalledWith(
      'component:default/orders-service',
      ECR_REF,
      stable141.digest,
    );
    expect(await within(dialog).findByText('2 findings')).toBeInTheDocument();
    const link = within(dialog).getByRole('link', { name: /^CVE-2024-0002/ });
    expect(link).toHaveAttribute(
      'href',
      'https://nvd.nist.gov/vuln/detail/CVE-2024-0002',
    );
    // Worst first: the critical glibc finding before the high openssl one.
    const rows = within(dialog).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('glibc')).toBeInTheDocument();
    expect(within(rows[0]).getByText('no fix yet')).toBeInTheDocument();
    expect(within(rows[1]).getByText('openssl')).toBeInTheDocument();
    expect(within(rows[1]).getByText('3.0.13')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('offers no findings for an image whose scan has not completed', async () => {
    renderContent(mockApi());
    await screen.findByRole('table');

    expect(
      screen.queryByRole('button', { name: 'Show findings of feature-login' }),
    ).not.toBeInTheDocument();
  });

  it('shows why findings could not be loaded inside the dialog', async () => {
    const user = userEvent.setup();
    renderContent(
      mockApi({
        getFindings: async () => {
          throw new Error('ScanNotFoundException: no scan for this image');
        },
      }),
    );
    await screen.findByRole('table');
    await user.click(
      screen.getByRole('button', { name: 'Show findings of 1.4.1' }),
    );

    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findAllByText(/no scan for this image/),
    ).not.toHaveLength(0);
  });

  it('refreshes through the backend cache on request', async () => {
    const user = userEvent.setup();
    const api = mockApi();
    renderContent(api);
    await screen.findByRole('table');

    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(api.getEntityImages).toHaveBeenLastCalledWith(
        'component:default/orders-service',
        { refresh: true },
      ),
    );
  });

  it('shows a failing repository with its error next to the repositories that loaded', async () => {
    renderContent(
      mockApi({
        getEntityImages: async () => ({
          entityRef: 'component:default/orders-service',
          repositories: [emptyOciRepository],
          errors: [
            {
              ref: ECR_REF,
              provider: 'ecr',
              error: {
                name: 'RepositoryNotFoundException',
                message: 'The repository does not exist',
              },
            },
          ],
        }),
      }),
      twoRepositoriesEntity,
    );

    expect(
      await screen.findByText('RepositoryNotFoundException'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The repository does not exist'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', {
        name: 'registry.local/shop/orders-service',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/No tagged images yet/)).toBeInTheDocument();
  });
});
