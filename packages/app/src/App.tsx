import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { themeModule } from './modules/theme';
import { scaffolderModule } from './modules/scaffolder';

/**
 * Plugins are discovered from this package's dependencies (`app.packages: all`); these modules are
 * the portal's own look (sidebar, sign-in, theme, home page) and scaffolder form fields.
 */
export default createApp({
  features: [navModule, homeModule, signInModule, themeModule, scaffolderModule],
});
