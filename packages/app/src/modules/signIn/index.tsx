import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import type { SignInProviderConfig } from '@backstage/core-components';

const knownProviders: Record<string, SignInProviderConfig | 'guest'> = {
  guest: 'guest',
  github: {
    id: 'github-auth-provider',
    title: 'GitHub',
    message: 'Sign in with your GitHub account',
    apiRef: githubAuthApiRef,
  },
};

/**
 * Sign-in page offering the providers listed in `portal.signIn.providers`: guest in the embedded
 * default, GitHub in production. Unknown names are ignored rather than breaking sign-in.
 */
const portalSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage } = await import('@backstage/core-components');
      return props => {
        const config = useApi(configApiRef);
        const names = config.getOptionalStringArray(
          'portal.signIn.providers',
        ) ?? ['github'];
        const providers = names.flatMap(name =>
          knownProviders[name] ? [knownProviders[name]] : [],
        );
        return (
          <SignInPage
            {...props}
            title="Platform Portal"
            align="center"
            providers={providers}
          />
        );
      };
    },
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [portalSignInPage],
});
