import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { themeModule } from './modules/theme';

/**
 * Plugins are discovered from this package's dependencies (`app.packages: all`); these modules are
 * the portal's own look: sidebar, sign-in, theme and home page.
 */
export default createApp({
  features: [navModule, homeModule, signInModule, themeModule],
});
