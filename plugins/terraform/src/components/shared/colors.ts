import { ChangeAction } from '@platform-portal/plugin-terraform-common';

/** The colours of a plan's counts, as Terraform's own output reads: green, amber, purple, red. */
export const COUNT_COLORS = {
  add: '#2e7d32',
  change: '#f9a825',
  replace: '#7b1fa2',
  destroy: '#c62828',
} as const;

export const ACTION_COLORS: Record<ChangeAction, string> = {
  create: COUNT_COLORS.add,
  update: COUNT_COLORS.change,
  replace: COUNT_COLORS.replace,
  delete: COUNT_COLORS.destroy,
  read: '#1976d2',
  'no-op': '#757575',
  forget: '#6d4c41',
};
