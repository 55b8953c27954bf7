import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { commitUrl, SHA_NEW } from '../../__fixtures__/flux';
import { RevisionText } from './RevisionText';

describe('RevisionText', () => {
  it('shortens a Git revision to branch@sha and links it to the commit', () => {
    renderInTestApp(
      <RevisionText
        revision={`main@sha1:${SHA_NEW}`}
        commitUrl={commitUrl(SHA_NEW)}
      />,
    );
    const link = screen.getByRole('link', { name: /^main@5c2d3e4/ });
    expect(link).toHaveAttribute('href', commitUrl(SHA_NEW));
    expect(link).toHaveAttribute('data-revision', `main@sha1:${SHA_NEW}`);
  });

  it('shows a chart version as is, without a link when there is no commit', () => {
    renderInTestApp(<RevisionText revision="1.4.3" />);
    expect(screen.getByText('1.4.3')).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('says what an extra revision is', () => {
    renderInTestApp(
      <RevisionText revision={`main@sha1:${SHA_NEW}`} label="attempted" />,
    );
    expect(screen.getByText('attempted')).toBeInTheDocument();
    expect(screen.getByText('main@5c2d3e4')).toBeInTheDocument();
  });

  it('shows a dash when there is no revision yet', () => {
    renderInTestApp(<RevisionText />);
    expect(screen.getByText('–')).toBeInTheDocument();
  });
});
