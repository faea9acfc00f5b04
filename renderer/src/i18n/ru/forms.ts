import type { Translation } from '../types.js';
import type en from '../en/forms.js';

/** Russian texts of the "forms" namespace: the type requires every English key, and few/many forms for plurals. */
const ru: Translation<typeof en> = {};
export default ru;
