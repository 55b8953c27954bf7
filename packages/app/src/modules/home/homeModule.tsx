import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
Everything the platform runs, in one place: every repository, every cluster, and their docs.

- **Find things**: the [catalog](/catalog) lists services, libraries, Terraform and GitOps repos,
  [clusters](/catalog?filters[kind]=resource&filters[type]=kubernetes-cluster) and the teams that own them.
- **Start a repository**: [templates](/create) create repos whose pipelines are right from the first commit.
- **Read the docs**: [TechDocs](/docs) renders each repo's \`docs/\`; the portal's own guide is
  [here](/docs/default/component/platform-portal).
- **See what runs where**: a service's *Kubernetes* tab shows its workloads on every cluster.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Welcome to the Platform Portal',
    description: 'Where to start in the portal',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
