import TextField from '@material-ui/core/TextField';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { repositoryNameProblem } from './repositoryName';

/**
 * `ui:field: RepositoryNamePicker`: a text field for a new repository's name that the form
 * refuses when the name is malformed or already in the catalog.
 */
export const repositoryNamePicker = createFormField({
  name: 'RepositoryNamePicker',
  component: props => {
    const {
      onChange,
      required,
      schema: { title = 'Name', description },
      rawErrors,
      formData,
      uiSchema,
      idSchema,
      placeholder,
    } = props;
    return (
      <TextField
        id={idSchema?.$id}
        label={title}
        placeholder={placeholder}
        helperText={description}
        required={required}
        value={(formData as string | undefined) ?? ''}
        onChange={e => onChange(e.target.value.trim())}
        margin="normal"
        error={(rawErrors?.length ?? 0) > 0 && !formData}
        inputProps={{ autoFocus: uiSchema?.['ui:autofocus'] }}
        FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
      />
    );
  },
  validation: async (value, validation, { apiHolder }) => {
    const problem = await repositoryNameProblem(value, apiHolder);
    if (problem) validation.addError(problem);
  },
});
