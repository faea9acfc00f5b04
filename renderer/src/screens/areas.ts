import type { Area } from '../../../main/contract/index.js';

export const AREA_LABEL: Record<Area, string> = {
  sca: 'SCA',
  osa: 'OSA',
  containers: 'Containers',
  clones: 'Clones',
  authors: 'Authors',
  repositories: 'Repositories',
  secrets: 'Secrets',
  ml_model: 'ML model',
  system: 'System',
};
