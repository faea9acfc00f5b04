import type { Translation } from '../types.js';
import type en from '../en/notifications.js';

/** Russian texts of the "notifications" namespace: the type requires every English key, and few/many forms for plurals. */
const ru: Translation<typeof en> = {
  kinds: {
    auto_disabled: 'Интеграции, отключённые автоматически',
    dead_letters: 'Недоставленные',
    test_failed: 'Неудачные проверки',
  },
  bell: {
    title: 'Уведомления',
    unreadHint_one: '{{count, number}} непрочитанное уведомление',
    unreadHint_few: '{{count, number}} непрочитанных уведомления',
    unreadHint_many: '{{count, number}} непрочитанных уведомлений',
    unreadHint_other: '{{count, number}} непрочитанного уведомления',
    unreadLabel: 'Уведомления, непрочитанных: {{count, number}}',
  },
  panel: {
    markAllRead: 'Прочитать все',
    tune: 'Выбрать, о чём уведомлять',
    saveFailed: 'Не удалось сохранить: {{message}}',
    loadFailed: 'Не удалось загрузить уведомления: {{message}}. Они появятся снова, когда восстановится связь.',
    empty:
      'Ничего не требует внимания. Herald сообщит здесь, если отключит интеграцию, перестанет пытаться доставить сообщения или проверка сохранённой интеграции не пройдёт.',
    list: 'Уведомления, требующие внимания',
  },
};
export default ru;
