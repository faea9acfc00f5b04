import type { Translation } from '../types.js';
import type en from '../en/sandbox.js';

/** Russian texts of the "sandbox" namespace: the type requires every English key, and few/many forms for plurals. */
const ru: Translation<typeof en> = {
  title: 'Песочница',
  intro: 'Что отправили интеграции в режимах «Перехват» и «Хаос»: письма, запросы вебхуков и задачи Jira, сохранённые на этом компьютере.',
};
export default ru;
