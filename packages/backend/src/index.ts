/*
 * The platform portal's backend, on the new backend system. Each line adds a plugin or a module;
 * our own modules live under ./modules and in plugins/ at the repository root.
 */
import { createBackend } from '@backstage/backend-defaults';
import { localGitUrlReaderFactory } from '@platform-portal/plugin-scaffolder-backend-module-local-git';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: GitHub in production, guest only in development (the guest provider refuses outside it)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// permission, with our own default-deny policy instead of allow-all
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// GitHub: repositories that carry a catalog-info.yaml, and the org's teams and users; both refresh
// on webhooks (see events below) as well as on their schedules.
backend.add(import('@backstage/plugin-catalog-backend-module-github'));
backend.add(import('@backstage/plugin-catalog-backend-module-github-org'));
// Every repository, with or without a catalog file, and every cluster (plugins/).
backend.add(
  import('@platform-portal/plugin-catalog-backend-module-repo-discovery'),
);

// events: GitHub webhooks arrive at /api/events/http/github, are verified with the webhook secret
// and routed to topics such as github.push
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-github'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// publish:local, for the embedded portal: bare repositories under the data directory (plugins/)
backend.add(
  import('@platform-portal/plugin-scaffolder-backend-module-local-git'),
);
// TechDocs and the catalog read locally published repositories (file:// URLs into them)
backend.add(localGitUrlReaderFactory);
// portal:repo:prepare: where the templates publish, and taken names refused up front
backend.add(import('@platform-portal/plugin-scaffolder-backend-module-portal'));

// techdocs
backend.add(import('@backstage/plugin-techdocs-backend'));

// search: PostgreSQL engine when the database is PostgreSQL, in-memory (Lunr) otherwise
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings, notifications and signals
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// MCP actions, so AI clients can use the catalog and scaffolder through the same permissions
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@platform-portal/plugin-container-images-backend'));
backend.add(import('@platform-portal/plugin-terraform-backend'));
// Flux status, actions and the Deployments view, through the Kubernetes backend above
backend.add(import('@platform-portal/plugin-flux-backend'));
backend.start();
