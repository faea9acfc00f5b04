import type { Translation } from '../types.js';
import type en from '../en/settings.js';

/** Russian texts of the "settings" namespace: the type requires every English key, and few/many forms for plurals. */
const ru: Translation<typeof en> = {};
export default ru;
