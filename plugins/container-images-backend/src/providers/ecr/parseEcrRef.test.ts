import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { EcrProvider } from './EcrProvider';

const ACCOUNT = '104729384756';

function provider(ecr?: object) {
  return EcrProvider.fromConfig(
    new ConfigReader({ containerImages: ecr ? { ecr } : {} }),
    {
      credentialsManager: {
        getCredentialProvider: async () => {
          throw new Error('not called by parse');
        },
      },
    },
  );
}

const withDefaults = provider({
  defaultAccountId: ACCOUNT,
  defaultRegion: 'eu-central-1',
});

function parseError(ref: string, p = withDefaults): InputError {
  try {
    p.parse(ref);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`'${ref}' was accepted`);
}

describe('EcrProvider.parse', () => {
  it('reads account, region and name from a repository ARN', () => {
    expect(
      withDefaults.parse(
        'arn:aws:ecr:us-east-1:381492657203:repository/shop/orders-service',
      ),
    ).toEqual({
      ref: 'arn:aws:ecr:us-east-1:381492657203:repository/shop/orders-service',
      provider: 'ecr',
      name: 'shop/orders-service',
      registry: '381492657203.dkr.ecr.us-east-1.amazonaws.com',
      accountId: '381492657203',
      region: 'us-east-1',
    });
  });

  it('knows the China and GovCloud partitions and their registry hosts', () => {
    expect(
      withDefaults.parse(
        'arn:aws-cn:ecr:cn-north-1:381492657203:repository/payments',
      ),
    ).toMatchObject({
      registry: '381492657203.dkr.ecr.cn-north-1.amazonaws.com.cn',
      region: 'cn-north-1',
      name: 'payments',
    });
    expect(
      withDefaults.parse(
        'arn:aws-us-gov:ecr:us-gov-west-1:381492657203:repository/payments',
      ),
    ).toMatchObject({
      registry: '381492657203.dkr.ecr.us-gov-west-1.amazonaws.com',
      region: 'us-gov-west-1',
    });
  });

  it('puts a plain repository name in the configured default account and region', () => {
    expect(withDefaults.parse('shop/cart_api.v2-beta')).toEqual({
      ref: 'shop/cart_api.v2-beta',
      provider: 'ecr',
      name: 'shop/cart_api.v2-beta',
      registry: `${ACCOUNT}.dkr.ecr.eu-central-1.amazonaws.com`,
      accountId: ACCOUNT,
      region: 'eu-central-1',
    });
  });

  it('says what to configure when a plain name has no default account or region', () => {
    for (const p of [
      provider(),
      provider({ defaultAccountId: ACCOUNT }),
      provider({ defaultRegion: 'eu-central-1' }),
    ]) {
      const error = parseError('shop/orders-service', p);
      expect(error.message).toContain('containerImages.ecr.defaultAccountId');
      expect(error.message).toContain('containerImages.ecr.defaultRegion');
      expect(error.message).toContain(
        'arn:aws:ecr:<region>:<account>:repository/shop/orders-service',
      );
    }
  });

  it.each([
    ['Shop/Orders', 'lowercase'],
    ['a', '2 to 256'],
    [`x${'y'.repeat(256)}`, '2 to 256'],
    ['shop//orders', 'lowercase'],
    ['shop/orders/', 'lowercase'],
    ['-orders', 'lowercase'],
    ['orders..service', 'lowercase'],
    ['orders:1.2.3', 'lowercase'],
  ])('refuses the repository name %j', (ref, hint) => {
    expect(parseError(ref).message).toContain(hint);
  });

  it.each([
    ['arn:aws:s3:::orbital-artifacts', 'not an ECR repository ARN'],
    [
      'arn:aws:ecr:eu-central-1:10472938475:repository/orders',
      'must be 12 digits',
    ],
    [
      'arn:aws:ecr:eu-central-1:ACCOUNT12345:repository/orders',
      'must be 12 digits',
    ],
    ['arn:aws:ecr:europe:104729384756:repository/orders', 'eu-central-1'],
    [
      'arn:aws:ecr:cn-north-1:104729384756:repository/orders',
      'not in partition aws',
    ],
    [
      'arn:aws-cn:ecr:eu-central-1:104729384756:repository/orders',
      'not in partition aws-cn',
    ],
    ['arn:aws-iso:ecr:us-iso-east-1:104729384756:repository/x', 'partition'],
    [
      'arn:aws:ecr:eu-central-1:104729384756:registry/orders',
      'repository/<name>',
    ],
    ['arn:aws:ecr:eu-central-1:104729384756:repository/Orders', 'lowercase'],
    ['arn:aws:ecr', 'not an ARN'],
  ])('refuses the ARN %j', (ref, hint) => {
    expect(parseError(ref).message).toContain(hint);
  });

  it('answers an image URI with the ARN to declare instead', () => {
    expect(
      parseError(
        '381492657203.dkr.ecr.eu-west-1.amazonaws.com/shop/orders-service:1.4.2',
      ).message,
    ).toContain(
      'declare arn:aws:ecr:eu-west-1:381492657203:repository/shop/orders-service',
    );
  });

  it('refuses a configuration it could never use', () => {
    expect(() => provider({ defaultAccountId: '1047293847' })).toThrow(
      /defaultAccountId must be a 12-digit/,
    );
    expect(() => provider({ defaultRegion: 'Frankfurt' })).toThrow(
      /defaultRegion must be an AWS region/,
    );
    expect(() => provider({ maxAttempts: 0 })).toThrow(
      /maxAttempts must be a whole number of at least 1/,
    );
  });
});
