import type { Translation } from '../types.js';
import type en from '../en/health.js';

/** Russian texts of the "health" namespace: the type requires every English key, and few/many forms for plurals. */
const ru: Translation<typeof en> = {
  title: 'Состояние',
  intro:
    'Как работает каждая интеграция: какие доставки прошли и какие нет, сколько получатель отвечал, какие повторы предстоят и от чего Herald отказался.',
  loadFailed: 'Не удалось загрузить состояние: {{message}}',
  retryFailed: 'Не удалось повторить сейчас: {{message}}',
  loading: 'Загрузка состояния',
  range: {
    label: 'Период',
    '1h': 'Последний час',
    '24h': '24 часа',
    '7d': '7 дней',
  },
  buckets: {
    '1h': 'интервалы по 5 минут',
    '24h': 'интервалы по часу',
    '7d': 'интервалы по 6 часов',
  },
  shown: '{{range}} до {{time}}, {{buckets}}',
  hidden_one: '{{count, number}} интеграция без доставок не показана',
  hidden_few: '{{count, number}} интеграции без доставок не показаны',
  hidden_many: '{{count, number}} интеграций без доставок не показаны',
  hidden_other: '{{count, number}} интеграции без доставок не показаны',
  noIntegrations: {
    title: 'Интеграций пока нет',
    body: 'Здесь видно, как идут доставки в ваши интеграции. Начните с того, чтобы <add>добавить интеграцию</add> (вебхук, SMTP-сервер или Jira) и нажать <strong>Проверить</strong>; затем сгенерируйте тестовое событие в разделе <events>События</events> и вернитесь сюда.',
  },
  noDeliveries: {
    '1h': 'За последний час доставок не было',
    '24h': 'За 24 часа доставок не было',
    '7d': 'За 7 дней доставок не было',
    body: 'За этот период в интеграции ещё ничего не отправлялось. Сгенерируйте событие в разделе <events>События</events> (кнопка <strong>Сгенерировать</strong> в каталоге отправляет пример его данных) или выберите период подлиннее.',
  },
  retries: {
    title: 'Ближайшие повторы',
    none: 'Повторов не ожидается: каждая активная интеграция доставила свою последнюю попытку.',
    integration: 'Интеграция',
    nextRetry: 'Следующий повтор',
    queued: 'В очереди',
    lastError: 'Последняя ошибка',
    retryNow: 'Повторить сейчас',
    retryNamedNow: 'Повторить {{name}} сейчас',
  },
  dead: {
    title: 'Недоставленные',
    link_one: '{{name}}: {{count, number}} недоставленное сообщение',
    link_few: '{{name}}: {{count, number}} недоставленных сообщения',
    link_many: '{{name}}: {{count, number}} недоставленных сообщений',
    link_other: '{{name}}: {{count, number}} недоставленного сообщения',
  },
  card: {
    label: 'Состояние: {{name}}',
    failing: 'Сбои',
    disabled: 'Отключена',
    attempts_one: '{{count, number}} попытка',
    attempts_few: '{{count, number}} попытки',
    attempts_many: '{{count, number}} попыток',
    attempts_other: '{{count, number}} попытки',
    summary: '{{attempts}}: доставлено {{delivered}}, не доставлено {{failed}} (успешно {{rate}})',
    slowest: 'худший p95 — {{ms}} мс',
    deliveriesFigure: 'Доставки {{name}}: {{summary}}',
    deliveriesTitle: 'Доставленные и неудачные попытки',
    delivered: 'Доставлено',
    failed: 'Не доставлено',
    latencyFigure: 'Задержка {{name}}',
    latencyFigureSlowest: 'Задержка {{name}}: худший p95 — {{ms}} мс',
    latencyTitle: 'Задержка (мс)',
    ms: '{{ms}} мс',
    bucket: '{{start}} – {{end}}',
    bucketRate: '{{start}} – {{end}} · успешно {{rate}}',
  },
  chart: {
    noData: 'Нет данных для показа',
    loading: 'Загрузка данных…',
  },
};
export default ru;
