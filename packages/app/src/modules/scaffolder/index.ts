import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** The portal's own scaffolder form fields. */
export const scaffolderModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    FormFieldBlueprint.make({
      name: 'repository-name',
      params: {
        field: () =>
          import('./RepositoryNamePicker').then(m => m.repositoryNamePicker),
      },
    }),
  ],
});
