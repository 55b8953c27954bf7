import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import {
  createUnifiedTheme,
  genPageTheme,
  palettes,
  shapes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import LightIcon from '@material-ui/icons/WbSunny';
import DarkIcon from '@material-ui/icons/Brightness2';

// One page-header colour per kind of page, so a cluster, a service and the docs are told apart
// at a glance.
const pageTheme = {
  home: genPageTheme({ colors: ['#0b3d91', '#1f6fd1'], shape: shapes.wave }),
  documentation: genPageTheme({
    colors: ['#234d20', '#4f8f3a'],
    shape: shapes.wave2,
  }),
  tool: genPageTheme({ colors: ['#3b2d79', '#6c5dd3'], shape: shapes.round }),
  service: genPageTheme({ colors: ['#0b3d91', '#2a83d8'], shape: shapes.wave }),
  website: genPageTheme({ colors: ['#7a2e8e', '#b55fc9'], shape: shapes.wave }),
  library: genPageTheme({ colors: ['#5b3a12', '#a8702a'], shape: shapes.wave }),
  other: genPageTheme({ colors: ['#1d3557', '#457b9d'], shape: shapes.wave }),
  app: genPageTheme({ colors: ['#0b3d91', '#1f6fd1'], shape: shapes.wave }),
  apis: genPageTheme({ colors: ['#00545c', '#1a9aa5'], shape: shapes.wave2 }),
};

const navigation = {
  background: '#0d1b2a',
  indicator: '#7fd1ff',
  color: '#b8c4d6',
  selectedColor: '#ffffff',
  navItem: { hoverBackground: '#1b2d44' },
  submenu: { background: '#13263b' },
};

const portalLight = createUnifiedTheme({
  palette: {
    ...palettes.light,
    primary: { main: '#1f6fd1' },
    secondary: { main: '#00838f' },
    navigation,
  },
  defaultPageTheme: 'home',
  pageTheme,
});

const portalDark = createUnifiedTheme({
  palette: {
    ...palettes.dark,
    primary: { main: '#7fd1ff' },
    secondary: { main: '#4dd0e1' },
    navigation,
  },
  defaultPageTheme: 'home',
  pageTheme,
});

const lightTheme = ThemeBlueprint.make({
  name: 'light',
  params: {
    theme: {
      id: 'light',
      title: 'Platform Portal light',
      variant: 'light',
      icon: <LightIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider theme={portalLight} children={children} />
      ),
    },
  },
});

const darkTheme = ThemeBlueprint.make({
  name: 'dark',
  params: {
    theme: {
      id: 'dark',
      title: 'Platform Portal dark',
      variant: 'dark',
      icon: <DarkIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider theme={portalDark} children={children} />
      ),
    },
  },
});

export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [lightTheme, darkTheme],
});
