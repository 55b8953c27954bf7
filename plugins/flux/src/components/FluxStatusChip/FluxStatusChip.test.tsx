import { renderInTestApp } from '@backstage/frontend-test-utils';
import { FluxStatus } from '@platform-portal/plugin-flux-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  BUILD_FAILED_MESSAGE,
  hrOrdersDev,
  ksAppsDev,
  ksAppsStaging,
  ksCanaryStaging,
  ksHotfixProd,
} from '../../__fixtures__/flux';
import { FluxStatusChip } from './FluxStatusChip';

const chip = (text: string) =>
  screen.getByText(text).closest('[data-state]') as HTMLElement;

describe('FluxStatusChip', () => {
  it('shows the state with the deciding reason, coloured by state', async () => {
    renderInTestApp(
      <>
        <FluxStatusChip status={ksAppsStaging.status} />
        <FluxStatusChip status={hrOrdersDev.status} />
        <FluxStatusChip status={ksCanaryStaging.status} />
      </>,
    );

    const failed = chip('failed: BuildFailed');
    expect(failed).toHaveAttribute('data-state', 'failed');
    // Failures are filled, so they stand out on a page of outlines.
    expect(failed).toHaveStyle({ backgroundColor: '#c62828' });
    expect(chip('ready: UpgradeSucceeded')).toHaveAttribute(
      'data-state',
      'ready',
    );
    expect(chip('progressing: NotObserved')).toHaveStyle({
      borderColor: '#1976d2',
    });
  });

  it('leaves out reasons that only repeat the state', async () => {
    renderInTestApp(
      <>
        <FluxStatusChip status={ksAppsDev.status} />
        <FluxStatusChip status={ksHotfixProd.status} />
      </>,
    );
    expect(chip('ready')).toHaveAttribute('data-state', 'ready');
    expect(chip('suspended')).toHaveStyle({ borderColor: '#b26a00' });
    expect(
      screen.queryByText(/ReconciliationSucceeded/),
    ).not.toBeInTheDocument();
  });

  it('shows the message and since when in the tooltip', async () => {
    const user = userEvent.setup();
    renderInTestApp(
      <FluxStatusChip status={ksAppsStaging.status} now={Date.now()} />,
    );

    await user.hover(screen.getByText('failed: BuildFailed'));
    expect(await screen.findByText(BUILD_FAILED_MESSAGE)).toBeInTheDocument();
    expect(
      screen.getByText(/^since 1 hour ago \(\d{4}-\d\d-\d\d/),
    ).toBeInTheDocument();
  });

  it('marks a stale status, and says why', async () => {
    const user = userEvent.setup();
    renderInTestApp(
      <>
        <FluxStatusChip status={ksCanaryStaging.status} />
        <FluxStatusChip status={ksAppsDev.status} />
      </>,
    );

    const stale = screen.getAllByText('stale');
    expect(stale).toHaveLength(1);
    await user.hover(stale[0]);
    expect(
      await screen.findByText(
        /has not yet observed the latest spec \(generation 5, observed 4\)/,
      ),
    ).toBeInTheDocument();
  });

  it('shows an unknown state without a reason as just the state', () => {
    const status: FluxStatus = { state: 'unknown', stale: false };
    renderInTestApp(<FluxStatusChip status={status} />);
    expect(chip('unknown')).toHaveStyle({ borderColor: '#757575' });
  });
});
