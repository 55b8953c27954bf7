import { nextLink, parseAuthChallenge } from './httpHeaders';

describe('parseAuthChallenge', () => {
  it('reads a Bearer challenge as registries send it', () => {
    expect(
      parseAuthChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/nginx:pull',
      },
    });
  });

  it('reads unquoted values, spaces, escapes and the error of an insufficient scope', () => {
    expect(
      parseAuthChallenge(
        'bearer realm=https://r.example/token , scope="repository:a:pull,push", error="insufficient_scope", note="say \\"hi\\""',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://r.example/token',
        scope: 'repository:a:pull,push',
        error: 'insufficient_scope',
        note: 'say "hi"',
      },
    });
  });

  it('reads Basic, and nothing from an absent header', () => {
    expect(parseAuthChallenge('Basic realm="portal-test"')).toEqual({
      scheme: 'basic',
      params: { realm: 'portal-test' },
    });
    expect(parseAuthChallenge(null)).toBeUndefined();
    expect(parseAuthChallenge('')).toBeUndefined();
  });
});

describe('nextLink', () => {
  const base = new URL(
    'https://registry.example/v2/shop/orders/tags/list?n=100',
  );

  it('resolves the rel="next" target against the request', () => {
    expect(
      nextLink('</v2/shop/orders/tags/list?n=100&last=1.2.3>; rel="next"', base)
        ?.href,
    ).toBe(
      'https://registry.example/v2/shop/orders/tags/list?n=100&last=1.2.3',
    );
  });

  it('finds next among other links and relation types', () => {
    expect(
      nextLink(
        '<https://registry.example/first>; rel="first", <https://other.example/v2/x/tags/list?last=b>; rel=next',
        base,
      )?.href,
    ).toBe('https://other.example/v2/x/tags/list?last=b');
  });

  it('is undefined without a next link', () => {
    expect(nextLink(null, base)).toBeUndefined();
    expect(
      nextLink('<https://registry.example/prev>; rel="prev"', base),
    ).toBeUndefined();
  });

  it('throws for a target that is no URL rather than stop paging silently', () => {
    expect(() => nextLink('<http://[::1>; rel="next"', base)).toThrow();
  });
});
