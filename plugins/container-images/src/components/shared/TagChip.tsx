import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import {
  ImageTag,
  TagClass,
} from '@platform-portal/plugin-container-images-common';
import { TAG_CLASS_COLORS } from '../../lib/severity';

const CLASS_DESCRIPTIONS: Record<TagClass, string> = {
  stable: 'stable: a release (X.Y.Z), never overwritten',
  snapshot:
    'snapshot: a development build (X.Y.Z-SNAPSHOT), replaced on every push',
  moving: 'moving: a tag that follows a branch or environment by design',
  other: 'other: a tag outside the naming rules',
};

/** A tag, coloured by its class so releases stand out from development builds. */
export function TagChip(props: { tag: ImageTag }) {
  const { tag } = props;
  const color = TAG_CLASS_COLORS[tag.class];
  return (
    <Tooltip title={CLASS_DESCRIPTIONS[tag.class]}>
      <Chip
        size="small"
        label={tag.name}
        data-tag-class={tag.class}
        variant={tag.class === 'stable' ? 'default' : 'outlined'}
        style={
          tag.class === 'stable'
            ? { backgroundColor: color, color: '#fff', margin: 2 }
            : { borderColor: color, color, margin: 2 }
        }
      />
    </Tooltip>
  );
}

/** A tag class with its count, e.g. `stable 12`. */
export function ClassCountChip(props: { tagClass: TagClass; count: number }) {
  const { tagClass, count } = props;
  const color = TAG_CLASS_COLORS[tagClass];
  return (
    <Chip
      size="small"
      variant="outlined"
      label={`${tagClass} ${count}`}
      style={{ borderColor: color, color, margin: 2 }}
    />
  );
}
