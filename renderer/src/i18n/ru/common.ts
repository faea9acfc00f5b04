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
    sandbox: 'Песочница',
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
  frame: {
    documentTitle: '{{screen}} · Herald',
    mainNav: 'Основное меню',
    deadCount_one: '{{count, number}} недоставленное сообщение',
    deadCount_few: '{{count, number}} недоставленных сообщения',
    deadCount_many: '{{count, number}} недоставленных сообщений',
    deadCount_other: '{{count, number}} недоставленного сообщения',
    timeScale: 'Время ×{{scale}}',
    timeScaleHint:
      'Время движка идёт в {{scale}} раз быстрее реального: паузы между повторами и окна группировки проходят быстро. Показано время движка. Запущено с --time-scale {{raw}}.',
    paused: 'Пауза',
    pausedHint: 'Доставка приостановлена: события записываются и встают в очередь, но ничего не отправляется, пока вы не возобновите.',
    pause: 'Приостановить доставку',
    pauseHint: 'Приостановить доставку: события по-прежнему записываются и встают в очередь, но ничего не отправляется',
    resume: 'Возобновить доставку',
    live: 'На связи',
    liveHint: 'Обновления в реальном времени подключены',
    reconnecting: 'Переподключение…',
    reconnectingHint: 'Поток обновлений прервался; переподключаемся автоматически',
    desktopApp: 'Настольное приложение',
    browserMode: 'Режим браузера',
    versionUnavailable: 'Версия недоступна',
    loading: 'Загрузка…',
  },
  pausedBanner: {
    title: 'Доставка приостановлена',
    body: 'Новые события записываются и встают в очередь; ни одной интеграции ничего не отправляется, пока вы не возобновите доставку. Повторы тоже ждут.',
    resume: 'Возобновить',
    pauseFailed: 'Не удалось приостановить доставку: {{message}}',
    resumeFailed: 'Не удалось возобновить доставку: {{message}}',
  },
  autoDisabled: {
    title: '{{name}}: интеграция отключена автоматически',
    open: 'Открыть',
    openNamed: 'Открыть {{name}}',
    dismiss: 'Скрыть',
    more: 'и ещё {{count, number}}',
  },
  errors: {
    generic: 'Что-то пошло не так. Повторите; если ошибка не уходит, подробности — в журнале.',
  },
};
export default ru;
