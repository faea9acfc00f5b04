import type { Translation } from '../types.js';
import type en from '../en/common.js';

/** Russian texts shared by every screen. */
const ru: Translation<typeof en> = {
  app: {
    name: 'Herald',
    tagline: 'Маршрутизация оповещений безопасности',
  },
  nav: {
    integrations: 'Интеграции',
    rules: 'Правила',
    events: 'События',
    log: 'Журнал',
    dead: 'Недоставленные',
    health: 'Состояние',
    settings: 'Настройки',
  },
  actions: {
    save: 'Сохранить',
    cancel: 'Отмена',
    close: 'Закрыть',
    delete: 'Удалить',
    edit: 'Изменить',
    duplicate: 'Дублировать',
    add: 'Добавить',
    remove: 'Убрать',
    retry: 'Повторить',
    refresh: 'Обновить',
    copy: 'Копировать',
    testIt: 'Проверить',
    show: 'Показать',
    hide: 'Скрыть',
  },
  time: {
    dueNow: 'сейчас',
    at: 'в {{time}}',
    engineTime: '{{time}} (время движка, ускорено ×{{scale}})',
  },
  errors: {
    generic: 'Что-то пошло не так. Повторите; если ошибка не уходит, подробности — в журнале.',
  },
};
export default ru;
